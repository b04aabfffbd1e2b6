package dev.prunus.core.settings;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class SettingsIOTest {

    @Test
    void defaultsRoundTripToIdenticalBytes() {
        PrunusSettings settings = PrunusSettings.defaults("person.tflite");
        byte[] bytes = SettingsIO.write(settings);
        PrunusSettings back = SettingsIO.read(bytes);
        assertEquals(settings, back);
        assertArrayEquals(bytes, SettingsIO.write(back));
        assertEquals("prunus-gen/person", back.output());
        assertEquals("person.prunus.json", PrunusSettings.settingsFileNameFor("person.tflite"));
    }

    @Test
    void fullFileReadsEveryField() {
        String text = """
                {
                  "schema": 1,
                  "model": "kws.tflite",
                  "target": {"core": "m7", "flashBytes": 1048576, "ramBytes": 327680, "clockHz": 216000000},
                  "budget": {"flashBytes": 40000, "maxLossPercent": 0.5},
                  "method": "filterlet",
                  "ratio": 0.5,
                  "layers": {"3": {"method": "dense"}, "7": {"ratio": 0.25}},
                  "calibration": "calib.s8",
                  "validation": "val.s8",
                  "labels": "val.txt",
                  "output": "gen/kws",
                  "fineTune": {"epochs": 20, "learningRate": 0.002, "seed": 7}
                }
                """;
        PrunusSettings s = SettingsIO.read(text);
        assertEquals("m7", s.target().core());
        assertEquals(40000L, s.budget().flashBytes());
        assertNull(s.budget().ramBytes());
        assertEquals(0.5, s.ratio());
        assertEquals(Map.of(3, new PrunusSettings.LayerOverride("dense", null), 7,
                new PrunusSettings.LayerOverride(null, 0.25)), s.layers());
        assertEquals("gen/kws", s.output());
        assertEquals(new PrunusSettings.FineTune(20, 0.002, 7L), s.fineTune());
        assertEquals(s, SettingsIO.read(SettingsIO.write(s)), "fine-tuning settings survive a write");
        assertNull(PrunusSettings.defaults("a.tflite").fineTune(), "no fine-tuning unless asked for");
    }

    @Test
    void badFineTuneValuesNameTheirLine() {
        SettingsException epochs = assertThrows(SettingsException.class, () -> SettingsIO.read(
                "{\"schema\":1,\"model\":\"a\",\n\"fineTune\":{\n\"epochs\": 0}}"));
        assertEquals(3, epochs.line());
        assertTrue(epochs.getMessage().contains("epochs"), epochs.getMessage());
        SettingsException rate = assertThrows(SettingsException.class, () -> SettingsIO.read(
                "{\"schema\":1,\"model\":\"a\",\"fineTune\":{\"learningRate\": 0}}"));
        assertTrue(rate.getMessage().contains("remove \"fineTune\""), rate.getMessage());
        SettingsException key = assertThrows(SettingsException.class, () -> SettingsIO.read(
                "{\"schema\":1,\"model\":\"a\",\"fineTune\":{\"epoch\": 3}}"));
        assertTrue(key.getMessage().contains("unknown setting \"epoch\" in fineTune"), key.getMessage());
    }

    @Test
    void syntaxErrorNamesTheLine() {
        SettingsException e = assertThrows(SettingsException.class,
                () -> SettingsIO.read("{\n  \"schema\": 1,\n  \"model\": \"a.tflite\"\n  \"method\": \"auto\"\n}"));
        assertEquals(3, e.line(), "the comma is missing at the end of line 3, not on line 4: " + e.getMessage());
        assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    }

    @Test
    void badValuesNameTheirLineAndTheFix() {
        String text = "{\n \"schema\": 1,\n \"model\": \"a.tflite\",\n \"budget\": {\n  \"flashBytes\": -5\n }\n}";
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsIO.read(text));
        assertEquals(5, e.line());
        assertTrue(e.getMessage().contains("flashBytes"), e.getMessage());

        SettingsException core = assertThrows(SettingsException.class,
                () -> SettingsIO.read("{\"schema\":1,\"model\":\"a\",\"target\":{\"core\":\"m0\"}}"));
        assertTrue(core.getMessage().contains("[m4, m7]"), core.getMessage());

        SettingsException typo = assertThrows(SettingsException.class,
                () -> SettingsIO.read("{\"schema\":1,\"model\":\"a\",\n\"budgett\":{}}"));
        assertEquals(2, typo.line());
        assertTrue(typo.getMessage().contains("unknown setting \"budgett\""), typo.getMessage());

        SettingsException schema = assertThrows(SettingsException.class,
                () -> SettingsIO.read("{\"schema\":2,\"model\":\"a\"}"));
        assertTrue(schema.getMessage().contains("update Prunus"), schema.getMessage());

        assertThrows(SettingsException.class, () -> SettingsIO.read("[]"));
        assertThrows(SettingsException.class, () -> SettingsIO.read("{\"schema\":1}"));
        assertThrows(SettingsException.class, () -> SettingsIO.read("{\"schema\":1,\"model\":\"a\",\"ratio\":1.5}"));
        assertThrows(SettingsException.class, () -> SettingsIO.read("{\"schema\":1,\"model\":\"a\",\"method\":\"magic\"}"));
        assertThrows(SettingsException.class,
                () -> SettingsIO.read("{\"schema\":1,\"model\":\"a\",\"layers\":{\"x\":{}}}"));
    }
}
