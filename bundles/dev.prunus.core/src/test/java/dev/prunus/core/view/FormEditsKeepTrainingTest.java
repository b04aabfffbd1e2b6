package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;

/**
 * Saving the Pruning form never drops a section the edit did not touch: a settings file with a "training" section
 * goes through every form edit path (fields and budget, per-operator overrides, training) and every
 * {@code with...} copy, is written and read back with {@link SettingsIO}, and keeps its training section.
 */
class FormEditsKeepTrainingTest {

    private static final String FILE = """
            {
              "schema": 1,
              "model": "demo.tflite",
              "target": {"core": "m4", "flashBytes": 524288, "ramBytes": 131072, "clockHz": 84000000},
              "method": "filterlet",
              "ratio": 0.5,
              "output": "prunus-gen/demo",
              "training": {"data": "train", "labels": "train.labels", "validationSplit": 0.2, "epochs": 3,
                "batchSize": 16, "optimizer": "sgd", "learningRate": 0.005,
                "augmentation": {"crop": true, "padding": 2, "flip": true}, "seed": 9, "threads": 1}
            }
            """;

    private static PrunusSettings roundTrip(PrunusSettings s) {
        return SettingsIO.read(SettingsIO.write(s));
    }

    @Test
    void everyFormEditPathKeepsTheTrainingSection() {
        PrunusSettings file = SettingsIO.read(FILE);
        PrunusSettings.Training training = file.training();
        assertEquals("train", training.data(), "the fixture has a training section");

        SettingsFields.Values budget = SettingsFields.of(file);
        budget = new SettingsFields.Values(budget.part(), "channel", "300", "64", "", "0.4", "", "", "", "0",
                budget.output());
        SettingsFields.Result fields = SettingsFields.apply(file, budget);
        assertTrue(fields.ok(), fields.error());
        PrunusSettings afterFields = roundTrip(fields.settings());
        assertEquals(300 * 1024L, afterFields.budget().flashBytes(), "the budget edit is saved");
        assertEquals(training, afterFields.training(), "fields and budget");

        SettingsFields.Result layers = LayerFields.apply(afterFields,
                List.of(new LayerFields.Row(0, "dense", ""), new LayerFields.Row(2, "", "0.25")), -1);
        assertTrue(layers.ok(), layers.error());
        PrunusSettings afterLayers = roundTrip(layers.settings());
        assertEquals(2, afterLayers.layers().size(), "the override edit is saved");
        assertEquals(training, afterLayers.training(), "per-operator overrides");

        TrainingFields.Values t = TrainingFields.of(afterLayers);
        SettingsFields.Result trained = TrainingFields.apply(afterLayers, new TrainingFields.Values(t.data(),
                t.labels(), t.validation(), t.validationSplit(), "5", t.batchSize(), t.learningRate(), t.crop(),
                t.padding(), t.flip(), t.seed()), null);
        assertTrue(trained.ok(), trained.error());
        PrunusSettings afterTraining = roundTrip(trained.settings());
        assertEquals(new PrunusSettings.Training("train", "train.labels", null, 0.2, 5, 16, "sgd", 0.005,
                new PrunusSettings.Augmentation(true, 2, true), 9L, 1), afterTraining.training(), "training");
        assertEquals(afterLayers.layers(), afterTraining.layers(), "and the training edit keeps the overrides");
        assertEquals(afterLayers.budget(), afterTraining.budget());

        SettingsFields.Result cleared = LayerFields.apply(afterTraining, List.of(), -1);
        assertEquals(afterTraining.training(), roundTrip(cleared.settings()).training(), "clearing overrides");
    }

    @Test
    void everyCopyMethodCarriesTheTrainingSection() {
        PrunusSettings file = SettingsIO.read(FILE);
        Map<String, UnaryOperator<PrunusSettings>> edits = Map.of(
                "withTarget", s -> s.withTarget(new PrunusSettings.Target("m7", null, null, 480_000_000L)),
                "withBudget", s -> s.withBudget(new PrunusSettings.Budget(1024L, null, null, null)),
                "withMethod", s -> s.withMethod("channel", 0.3),
                "withLayers", s -> s.withLayers(Map.of(1, new PrunusSettings.LayerOverride("dense", null))),
                "withData", s -> s.withData("cal.s8", "val.s8", "val.labels"),
                "withFineTune", s -> s.withFineTune(new PrunusSettings.FineTune(2, null, null)),
                "withOutput", s -> s.withOutput("elsewhere"),
                "withPreprocessing", s -> s.withPreprocessing(new Preprocessing(1.0, null, null, null, null, null, null, null)));
        edits.forEach((name, edit) -> {
            PrunusSettings edited = edit.apply(file);
            assertTrue(!edited.equals(file), name + " changes something");
            assertEquals(file.training(), roundTrip(edited).training(), name);
        });
    }
}
