package dev.prunus.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TrainingSettingsTest {

    private static final String HEAD = "{\n\"schema\": 1,\n\"model\": \"a.tflite\",\n\"training\": {\n";

    @Test
    void fullTrainingSectionReadsAndRoundTrips() {
        String text = """
                {
                  "schema": 1,
                  "model": "m.tflite",
                  "training": {"data": "train", "labels": "train.labels", "validation": "val.npz",
                    "epochs": 10, "batchSize": 32, "optimizer": "sgd", "learningRate": 0.01,
                    "augmentation": {"crop": true, "padding": 4, "flip": false}, "seed": 7, "threads": 0}
                }
                """;
        PrunusSettings s = SettingsIO.read(text);
        PrunusSettings.Training t = s.training();
        assertEquals(new PrunusSettings.Training("train", "train.labels", "val.npz", null, 10, 32, "sgd", 0.01,
                new PrunusSettings.Augmentation(true, 4, false), 7L, 0), t);
        assertEquals(Runtime.getRuntime().availableProcessors(), t.threadsOrDefault(), "threads 0 = all cores");
        assertEquals(s, SettingsIO.read(SettingsIO.write(s)));
        String written = new String(SettingsIO.write(s), StandardCharsets.UTF_8);
        assertFalse(written.contains("validationSplit"), "unset fields are not written:\n" + written);
    }

    @Test
    void unsetFieldsTakeTheDefaults() {
        PrunusSettings.Training t = SettingsIO.read(HEAD + "\"data\": \"d\"\n}}").training();
        assertEquals(0.1, t.validationSplitOrDefault());
        assertEquals(10, t.epochsOrDefault());
        assertEquals(32, t.batchSizeOrDefault());
        assertEquals("adam", t.optimizerOrDefault());
        assertEquals(0.001, t.learningRateOrDefault());
        assertEquals(new PrunusSettings.Augmentation(true, 4, false), t.augmentationOrDefault());
        assertEquals(1L, t.seedOrDefault());
        assertEquals("oneShot", t.scheduleOrDefault());
        assertNull(SettingsIO.read("{\"schema\":1,\"model\":\"a\"}").training());
    }

    @Test
    void badTrainingValuesNameTheirLineAndColumn() {
        assertEquals("line 4, column 13: missing \"data\" in training", message(HEAD + "\"epochs\": 2\n}}"));
        assertEquals("line 5, column 1: unknown setting \"epoch\" in training; known settings there: [augmentation, batchSize, "
                + "data, epochs, labels, learningRate, optimizer, schedule, seed, threads, validation, validationSplit]",
                message(HEAD + "\"epoch\": 2,\n\"data\": \"d\"\n}}"));
        assertEquals("line 6, column 14: \"optimizer\" \"rmsprop\" is not known; use one of [adam, sgd]",
                message(HEAD + "\"data\": \"d\",\n\"optimizer\": \"rmsprop\"\n}}"));
        assertEquals("line 6, column 11: \"epochs\" must be a whole number from 1 to 10000, not 0",
                message(HEAD + "\"data\": \"d\",\n\"epochs\": 0\n}}"));
        assertEquals("line 6, column 20: \"validationSplit\" must be a number from 0.0 to 0.9",
                message(HEAD + "\"data\": \"d\",\n\"validationSplit\": 1.5\n}}"));
        assertEquals("line 7, column 20: give either \"validation\" (a data path) or \"validationSplit\" (a fraction of the "
                + "training data), not both", message(HEAD + "\"data\": \"d\",\n\"validation\": \"v\",\n"
                        + "\"validationSplit\": 0.2\n}}"));
        assertEquals("line 7, column 1: unknown setting \"mirror\" in augmentation; known settings there: [crop, flip, padding]",
                message(HEAD + "\"data\": \"d\",\n\"augmentation\": {\n\"mirror\": true}\n}}"));
        assertEquals("line 7, column 9: \"flip\" must be true or false",
                message(HEAD + "\"data\": \"d\",\n\"augmentation\": {\n\"flip\": \"yes\"}\n}}"));
        assertEquals("line 6, column 17: training learningRate must be above 0, e.g. 0.001 for adam",
                message(HEAD + "\"data\": \"d\",\n\"learningRate\": 0\n}}"));
    }

    @Test
    void theScheduleIsReadKeptAndChecked() {
        PrunusSettings s = SettingsIO.read(HEAD + "\"data\": \"d\",\n\"schedule\": \"gradual\"\n}}");
        assertEquals("gradual", s.training().scheduleOrDefault());
        assertEquals(s, SettingsIO.read(SettingsIO.write(s)));
        assertEquals("gradual", s.training().withData("e", null, 3).schedule(), "changing the data keeps it");
        assertEquals("line 6, column 13: \"schedule\" \"cubic\" is not known; use one of [oneShot, gradual]",
                message(HEAD + "\"data\": \"d\",\n\"schedule\": \"cubic\"\n}}"));
    }

    private static String message(String text) {
        return assertThrows(SettingsException.class, () -> SettingsIO.read(text)).getMessage();
    }
}
