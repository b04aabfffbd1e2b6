package dev.prunus.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prunus.core.data.Preprocessing;

class PreprocessingSettingsTest {

    @Test
    void preprocessingReadsAndRoundTrips() {
        String text = """
                {
                  "schema": 1,
                  "model": "m.tflite",
                  "preprocessing": {
                    "scale": 0.00392156862745098,
                    "offset": -0.5,
                    "mean": [0.485, 0.456, 0.406],
                    "std": 0.25,
                    "channels": "bgr",
                    "rawType": "uint8",
                    "npzInputs": "specs",
                    "npzLabels": "labels"
                  }
                }
                """;
        PrunusSettings s = SettingsIO.read(text);
        assertEquals(new Preprocessing(1 / 255.0, -0.5, List.of(0.485, 0.456, 0.406), List.of(0.25), "bgr", "uint8",
                "specs", "labels"), s.preprocessing());
        assertEquals(s, SettingsIO.read(SettingsIO.write(s)));
        assertNull(SettingsIO.read("{\"schema\":1,\"model\":\"a\"}").preprocessing());
        String written = new String(SettingsIO.write(PrunusSettings.defaults("a.tflite")), StandardCharsets.UTF_8);
        assertEquals(-1, written.indexOf("preprocessing"), "unset preprocessing is not written");
    }

    @Test
    void badPreprocessingValuesNameTheirLine() {
        String head = "{\n\"schema\": 1,\n\"model\": \"a\",\n\"preprocessing\": {\n";
        assertEquals("line 5, column 8: \"std\" must be a number or an array of numbers, one per channel, each above 0, "
                + "e.g. "
                + "[0.485, 0.456, 0.406]", assertThrows(SettingsException.class,
                        () -> SettingsIO.read(head + "\"std\": [0.2, 0]\n}}")).getMessage());
        assertEquals("line 6, column 13: \"channels\" \"hsv\" is not known; use one of [rgb, bgr, grayscale]",
                assertThrows(SettingsException.class,
                        () -> SettingsIO.read(head + "\"scale\": 1,\n\"channels\": \"hsv\"\n}}")).getMessage());
        assertEquals("line 5, column 1: unknown setting \"mean_\" in preprocessing; known settings there: [channels, mean, "
                + "npzInputs, npzLabels, offset, rawType, scale, std]", assertThrows(SettingsException.class,
                        () -> SettingsIO.read(head + "\"mean_\": 1\n}}")).getMessage());
        assertEquals("line 5, column 10: preprocessing scale must not be 0", assertThrows(SettingsException.class,
                () -> SettingsIO.read(head + "\"scale\": 0\n}}")).getMessage());
        assertEquals("line 5, column 12: \"rawType\" \"int16\" is not known; use one of [int8, uint8, float32]",
                assertThrows(SettingsException.class,
                        () -> SettingsIO.read(head + "\"rawType\": \"int16\"\n}}")).getMessage());
    }
}
