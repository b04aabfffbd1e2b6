package dev.prunus.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Syntax errors at the real mistake, in words a person fixing the file understands. */
class JsonSyntaxTest {

    @Test
    void missingCommaIsReportedWhereItBelongs() {
        String text = "{\n  \"schema\": 1,\n  \"model\": \"demo.tflite\"\n  \"method\": \"auto\"\n}\n";
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsIO.read(text));
        assertEquals(3, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("line 3, column 25: "), e.getMessage());
        assertTrue(e.getMessage().contains("comma is missing"), e.getMessage());
        assertTrue(!e.getMessage().contains("$") && !e.getMessage().contains("Unterminated"), e.getMessage());
    }

    @Test
    void otherMistakes() {
        assertEquals("line 2, column 12", at("{\n  \"model\": \"demo.tflite,\n  \"method\": \"auto\"\n}"));
        assertTrue(JsonSyntax.check("{\n  \"model\": \"demo.tflite,\n}").message().contains("closing double quote"));
        JsonSyntax.Error trailing = JsonSyntax.check("{\n  \"schema\": 1,\n}\n");
        assertEquals(2, trailing.line());
        assertTrue(trailing.message().contains("remove this comma"), trailing.message());
        JsonSyntax.Error open = JsonSyntax.check("{\n  \"schema\": 1\n");
        assertEquals(1, open.line());
        assertTrue(open.message().contains("never closed"), open.message());
        assertTrue(JsonSyntax.check("{\"ratio\": 0,5}").message().contains("dot for decimals"));
        assertTrue(JsonSyntax.check("{\"ratio\": TRUE}").message().contains("lower case"));
        assertTrue(JsonSyntax.check("{ratio: 1}").message().contains("double quotes"));
        assertNull(JsonSyntax.check("{\"a\": [1, 2.5e3, {\"b\": null}], \"c\": \"x\\\"y\"}"));
    }

    /** Found by the settings fuzzer: 0.40E406 read as Infinity, accepted, then failed when the form saved it. */
    @Test
    void numbersBeyondDoubleAreRefusedWhereTheyStand() {
        JsonSyntax.Error e = JsonSyntax.check("{\n  \"preprocessing\": {\"mean\": [0.485, 0.40E406]}\n}");
        assertEquals("line 2, column 37", "line " + e.line() + ", column " + e.column());
        assertTrue(e.message().contains("0.40E406 is too large a number"), e.message());
        assertNull(JsonSyntax.check("{\"mean\": [1.7e308, -1e-400]}"));
    }

    /** Positions are counted in one pass (the fuzzer found a quadratic count); they must stay exact. */
    @Test
    void positionsStayExactInALongFile() {
        StringBuilder b = new StringBuilder("{\n  \"mean\": [\n");
        for (int i = 0; i < 5000; i++) {
            b.append("    ").append(i).append(",\n");
        }
        b.append("    0],\n  \"ratio\": 0,5\n}");
        assertEquals("line 5004, column 13", at(b.toString()));
        assertTrue(JsonSyntax.check(b.toString()).message().contains("dot for decimals"));
    }

    private static String at(String text) {
        JsonSyntax.Error e = JsonSyntax.check(text);
        return "line " + e.line() + ", column " + e.column();
    }
}
