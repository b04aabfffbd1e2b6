package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;

/** The Pruning form's training fields: texts to the settings file's "training" section and back. */
class TrainingFieldsTest {

    private static final PrunusSettings BASE = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5);

    private static TrainingFields.Values values(String data, String validation, String split, String epochs,
            String batch, String rate, boolean crop, String padding, boolean flip, String seed) {
        return new TrainingFields.Values(data, "", validation, split, epochs, batch, rate, crop, padding, flip, seed);
    }

    private static TrainingFields.Values onlyData(String data) {
        return values(data, "", "", "", "", "", true, "", false, "");
    }

    @Test
    void fieldsBecomeTheTrainingSectionTheReaderAccepts() {
        SettingsFields.Result r = TrainingFields.apply(BASE,
                values(" train ", "val.npz", "", "3", "16", "1e-4", true, "2", true, "7"), null);
        assertTrue(r.ok(), r.error());
        PrunusSettings back = SettingsIO.read(SettingsIO.write(r.settings()));
        assertEquals(new PrunusSettings.Training("train", null, "val.npz", null, 3, 16, null, 1e-4,
                new PrunusSettings.Augmentation(null, 2, true), 7L, null), back.training());
        assertEquals(BASE.withTraining(back.training()), back, "the rest of the file is kept");
        TrainingFields.Values shown = TrainingFields.of(back);
        assertEquals(values("train", "val.npz", "", "3", "16", "0.0001", true, "2", true, "7"), shown,
                "the learning rate reads as people write it");
    }

    @Test
    void anUntouchedFormWritesTheFilesOwnSection() {
        String text = "{\"schema\": 1, \"model\": \"demo.tflite\", \"method\": \"filterlet\", \"ratio\": 0.5,\n"
                + "\"training\": {\"data\": \"imgs\", \"labels\": \"l.txt\", \"validationSplit\": 0.2,"
                + " \"optimizer\": \"sgd\", \"learningRate\": 0.01, \"augmentation\": {\"flip\": false},"
                + " \"threads\": 2}}";
        PrunusSettings file = SettingsIO.read(text);
        SettingsFields.Result r = TrainingFields.apply(file, TrainingFields.of(file), null);
        assertTrue(r.ok(), r.error());
        assertEquals(file.training(), r.settings().training(),
                "labels, optimizer and threads (these two not in the form) and the explicit flip stay as they are");
    }

    @Test
    void rawRecordsAndNpyNeedLabelsAndCsvHasItsOwn() {
        TrainingFields.Values raw = new TrainingFields.Values("train.s8", "", "", "", "1", "", "", true, "", false,
                "");
        SettingsFields.Result r = TrainingFields.apply(BASE, raw, null);
        assertEquals("trainingLabels", r.field());
        assertTrue(r.error().startsWith("Raw training records and .npy samples need labels"), r.error());
        assertEquals("trainingLabels", TrainingFields.apply(BASE, new TrainingFields.Values("x.NPY", "", "", "",
                "", "", "", true, "", false, ""), null).field(), "by the file's ending, in any case");
        SettingsFields.Result labelled = TrainingFields.apply(BASE, new TrainingFields.Values("train.s8",
                "train.labels", "", "", "1", "", "", true, "", false, ""), p -> !p.equals("missing.labels"));
        assertTrue(labelled.ok(), labelled.error());
        assertEquals("train.labels", labelled.settings().training().labels());
        assertEquals(1, labelled.settings().training().epochs());
        SettingsFields.Result missing = TrainingFields.apply(BASE, new TrainingFields.Values("train.s8",
                "missing.labels", "", "", "", "", "", true, "", false, ""), p -> !p.equals("missing.labels"));
        assertEquals("The training labels \"missing.labels\" do not exist: paths are relative to the settings "
                + "file's folder; choose them with Browse.", missing.error());
        SettingsFields.Result csv = TrainingFields.apply(BASE, new TrainingFields.Values("train.csv", "l.txt", "",
                "", "", "", "", true, "", false, ""), null);
        assertEquals("A CSV row ends with its label: clear the training labels.", csv.error());
        assertTrue(TrainingFields.apply(BASE, onlyData("digits-train.npz"), null).ok(), "an .npz holds its labels");
        assertTrue(TrainingFields.apply(BASE, onlyData("images"), null).ok(), "a folder holds its labels");
    }

    @Test
    void clearingEveryFieldRemovesTheSection() {
        PrunusSettings with = BASE.withTraining(new PrunusSettings.Training("d", null, null, null, 4, null, null,
                null, null, null, null));
        assertEquals(onlyData(""), TrainingFields.of(BASE), "no section: empty fields, checkboxes at defaults");
        SettingsFields.Result r = TrainingFields.apply(with, onlyData(""), null);
        assertTrue(r.ok(), r.error());
        assertNull(r.settings().training());
        assertEquals(BASE, r.settings());
        assertFalse(new String(SettingsIO.write(r.settings()), StandardCharsets.UTF_8).contains("training"));
    }

    @Test
    void problemsNameTheFieldAndTheFix() {
        assertProblem(values("", "", "", "5", "", "", true, "", false, ""), "trainingData",
                "Training needs training data");
        assertProblem(values("d", "v", "0.2", "", "", "", true, "", false, ""), "validationSplit",
                "Give validation data or a validation split, not both");
        assertProblem(values("d", "", "0,2", "", "", "", true, "", false, ""), "validationSplit",
                "The validation split must be a fraction of the training data from 0 to 0.9");
        assertProblem(values("d", "", "0.95", "", "", "", true, "", false, ""), "validationSplit",
                "The validation split must be");
        assertProblem(values("d", "", "", "0", "", "", true, "", false, ""), "trainingEpochs",
                "Training epochs must be a whole number from 1 to 10000, or empty for 10.");
        assertProblem(values("d", "", "", "2.5", "", "", true, "", false, ""), "trainingEpochs", "Training epochs");
        assertProblem(values("d", "", "", "", "0", "", true, "", false, ""), "batchSize",
                "The batch size must be a whole number of samples from 1 to 65536, or empty for 32.");
        assertProblem(values("d", "", "", "", "", "0", true, "", false, ""), "learningRate",
                "The learning rate must be a number above 0");
        assertProblem(values("d", "", "", "", "", "fast", true, "", false, ""), "learningRate", "The learning rate");
        assertProblem(values("d", "", "", "", "", "", true, "65", false, ""), "padding",
                "The crop padding must be a whole number of pixels from 0 to 64");
        assertProblem(values("d", "", "", "", "", "", false, "4", false, ""), "padding",
                "The padding belongs to the random crop");
        assertProblem(values("d", "", "", "", "", "", true, "", false, "-1"), "seed",
                "The seed must be a whole number from 0 upwards");
    }

    @Test
    void dataThatDoesNotExistIsNamed() {
        Set<String> present = Set.of("train", "val");
        SettingsFields.Result missing = TrainingFields.apply(BASE, onlyData("trian"), present::contains);
        assertEquals("trainingData", missing.field());
        assertTrue(missing.error().startsWith("The training data \"trian\" does not exist"), missing.error());
        SettingsFields.Result val = TrainingFields.apply(BASE,
                values("train", "vla", "", "", "", "", true, "", false, ""), present::contains);
        assertEquals("trainingValidation", val.field());
        assertTrue(val.error().startsWith("The training validation data \"vla\" does not exist"), val.error());
        assertTrue(TrainingFields.apply(BASE, values("train", "val", "", "", "", "", true, "", false, ""),
                present::contains).ok());
    }

    @Test
    void theDefaultsLineQuotesTheTrainersDefaults() {
        String d = TrainingFields.defaultsText();
        assertTrue(d.contains("validation split 0.1") && d.contains("10 epochs") && d.contains("batch size 32")
                && d.contains("learning rate 0.001") && d.contains("padding 4") && d.contains("seed 1"), d);
    }

    private static void assertProblem(TrainingFields.Values v, String field, String start) {
        SettingsFields.Result r = TrainingFields.apply(BASE, v, null);
        assertFalse(r.ok(), "accepted: " + v);
        assertNull(r.settings());
        assertEquals(field, r.field(), r.error());
        assertTrue(r.error().startsWith(start), r.error());
    }
}
