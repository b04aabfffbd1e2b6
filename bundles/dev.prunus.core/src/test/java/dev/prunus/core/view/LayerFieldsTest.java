package dev.prunus.core.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;

/** The Pruning form's per-operator overrides: texts to the settings file's "layers" section and back. */
class LayerFieldsTest {

    private static final PrunusSettings BASE = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5);

    @Test
    void rowsBecomeTheLayersSectionTheReaderAccepts() {
        SettingsFields.Result r = LayerFields.apply(BASE, List.of(new LayerFields.Row(0, "dense", ""),
                new LayerFields.Row(2, "", "0.25"), new LayerFields.Row(4, "channel", "0.5"),
                new LayerFields.Row(5, "", " ")), 7);
        assertTrue(r.ok(), r.error());
        PrunusSettings back = SettingsIO.read(SettingsIO.write(r.settings()));
        assertEquals(Map.of(0, new PrunusSettings.LayerOverride("dense", null), 2,
                new PrunusSettings.LayerOverride(null, 0.25), 4, new PrunusSettings.LayerOverride("channel", 0.5)),
                back.layers(), "an empty row is no override");
        assertEquals(BASE.method(), back.method(), "the rest of the file is kept");
        assertEquals(BASE.ratio(), back.ratio());
        String text = new String(SettingsIO.write(r.settings()), StandardCharsets.UTF_8);
        assertTrue(text.contains("\"layers\": {\n    \"0\": {\n      \"method\": \"dense\"\n    },"), text);

        Map<Integer, LayerFields.Row> rows = LayerFields.of(back);
        assertEquals(new LayerFields.Row(0, "dense", ""), rows.get(0));
        assertEquals(new LayerFields.Row(2, "", "0.25"), rows.get(2));
        assertEquals(new LayerFields.Row(4, "channel", "0.5"), rows.get(4));
        assertEquals(3, rows.size());
    }

    @Test
    void clearingEveryRowRemovesTheSection() {
        PrunusSettings with = BASE.withLayers(Map.of(3, new PrunusSettings.LayerOverride("dense", null)));
        SettingsFields.Result r = LayerFields.apply(with, List.of(new LayerFields.Row(3, "", "")), 7);
        assertTrue(r.ok(), r.error());
        assertTrue(r.settings().layers().isEmpty());
        assertEquals(BASE, r.settings());
    }

    @Test
    void problemsNameTheOperatorAndTheFix() {
        SettingsFields.Result dense = LayerFields.apply(BASE, List.of(new LayerFields.Row(1, "dense", "0.5")), 7);
        assertFalse(dense.ok());
        assertEquals("layers", dense.field());
        assertTrue(dense.error().startsWith("Operator 1 is dense") && dense.error().contains("clear the ratio"),
                dense.error());
        assertNull(dense.settings());
        SettingsFields.Result comma = LayerFields.apply(BASE, List.of(new LayerFields.Row(2, "", "0,5")), 7);
        assertTrue(comma.error().startsWith("Operator 2: the fraction to remove must be a number from 0 to 0.95"),
                comma.error());
        assertFalse(LayerFields.apply(BASE, List.of(new LayerFields.Row(2, "", "0.99")), 7).ok(), "above 0.95");
        SettingsFields.Result unknown = LayerFields.apply(BASE, List.of(new LayerFields.Row(2, "prune", "")), 7);
        assertTrue(unknown.error().contains("\"prune\" is not a method"), unknown.error());
        SettingsFields.Result missing = LayerFields.apply(BASE, List.of(new LayerFields.Row(9, "dense", "")), 7);
        assertTrue(missing.error().startsWith("Operator 9 is not in the model (it has 7 operators)"),
                missing.error());
        assertTrue(LayerFields.apply(BASE, List.of(new LayerFields.Row(9, "dense", "")), -1).ok(),
                "without the model the operator count is not checked here (the pruner checks it)");
    }

    @Test
    void theTableListsOperatorsWithWeightsAndEveryOverride() {
        ModelView view = ModelView.of(DemoModel.build());
        PrunusSettings s = BASE.withLayers(Map.of(6, new PrunusSettings.LayerOverride("dense", null)));
        List<Integer> ops = LayerFields.operators(view, s);
        List<Integer> weighted = view.layers().stream().filter(l -> l.weights() > 0).map(ModelView.Layer::index)
                .toList();
        assertFalse(weighted.isEmpty());
        assertTrue(ops.containsAll(weighted));
        assertTrue(ops.contains(6), "an override of an operator without weights still shows");
        assertEquals(ops.stream().sorted().toList(), ops, "in operator order");
        assertTrue(view.layers().stream().filter(l -> l.weights() == 0 && l.index() != 6)
                .noneMatch(l -> ops.contains(l.index())), "operators without weights are not listed: " + ops);
    }
}
