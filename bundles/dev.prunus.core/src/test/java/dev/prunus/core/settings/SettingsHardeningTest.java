package dev.prunus.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every kind of bad settings file ends in one {@link SettingsException} at the line and column of the mistake,
 * saying what is wrong and how to fix it. The files start with {@link #HEAD} (three lines), then the case.
 */
class SettingsHardeningTest {

    private static final String HEAD = "{\n  \"schema\": 1,\n  \"model\": \"kws.tflite\",\n";

    private static String errorOf(String text) {
        return assertThrows(SettingsException.class, () -> SettingsIO.read(text)).getMessage();
    }

    /** Case text after {@link #HEAD} (a line and the closing brace), then the exact error. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            # syntax
            `  "schema": 1\n}`                 | line 4, column 3: not valid JSON: the key "schema" appears twice in this object; keep one
            `  "labels": "C:\\data"\n}`        | line 4, column 16: not valid JSON: this backslash starts no escape JSON knows; write \\\\ for a backslash (Windows paths may use / instead)
            `  "labels": "a\tb"\n}`            | line 4, column 15: not valid JSON: a control character (code 9) is inside this text; write it as an escape like \\t, or remove it
            `  // tuned by hand\n  "ratio": 0.5\n}` | line 4, column 3: not valid JSON: JSON has no comments; remove this one
            `  "ratio": 'x'\n}`                | line 4, column 12: not valid JSON: "'x'" is not a value: text needs double quotes, numbers use a dot (0.5), and true, false and null are lower case
            `  "ratio": NaN\n}`                | line 4, column 12: not valid JSON: "NaN" is not a value: text needs double quotes, numbers use a dot (0.5), and true, false and null are lower case
            `  "ratio": 0.5\n} x`              | line 5, column 3: not valid JSON: unexpected text after the end of the settings object; remove it
            # unknown keys
            `  "prune": true\n}`               | line 4, column 3: unknown setting "prune"; known settings there: [budget, calibration, fineTune, labels, layers, method, model, output, preprocessing, ratio, schema, target, training, validation]
            `  "budget": {"flash": 1}\n}`      | line 4, column 14: unknown setting "flash" in budget; known settings there: [flashBytes, instructions, maxLossPercent, ramBytes]
            # wrong types
            `  "ratio": "0.5"\n}`              | line 4, column 12: "ratio" must be a number from 0.0 to 1.0
            `  "budget": 5\n}`                 | line 4, column 13: "budget" must be an object { ... }
            `  "target": {"core": 7}\n}`       | line 4, column 22: "core" must be a non-empty string
            `  "layers": {"3": 1}\n}`          | line 4, column 19: layer 3 must be an object like {"method": "dense"}
            `  "layers": {"-1": {}}\n}`        | line 4, column 14: layer key "-1" must be an operator index (0, 1, ...) as `prunus inspect` lists them
            `  "calibration": 12\n}`           | line 4, column 18: "calibration" must be a non-empty string
            # out-of-range budgets and targets
            `  "budget": {"flashBytes": 0}\n}`  | line 4, column 28: "flashBytes" must be a whole number from 1 to 4611686018427387903, not 0
            `  "budget": {"flashBytes": 1.5}\n}` | line 4, column 28: "flashBytes" must be a whole number from 1 to 4611686018427387903, not 1.5
            `  "budget": {"ramBytes": 1e30}\n}`  | line 4, column 26: "ramBytes" must be a whole number from 1 to 4611686018427387903, not 1e30
            `  "budget": {"maxLossPercent": 101}\n}` | line 4, column 32: "maxLossPercent" must be a number from 0.0 to 100.0
            `  "budget": {"maxLossPercent": -1}\n}`  | line 4, column 32: "maxLossPercent" must be a number from 0.0 to 100.0
            `  "target": {"clockHz": -216000000}\n}` | line 4, column 25: "clockHz" must be a whole number from 1 to 4611686018427387903, not -216000000
            # paths
            `  "calibration": "C:/data/cal.s8"\n}` | line 4, column 18: "calibration" "C:/data/cal.s8" is absolute; give a relative path, with / between folders
            `  "validation": "~/val.s8"\n}`     | line 4, column 17: "validation" "~/val.s8" is absolute; give a relative path, with / between folders
            `  "labels": "/etc/passwd"\n}`      | line 4, column 13: "labels" "/etc/passwd" is absolute; give a relative path, with / between folders
            `  "output": "../../.ssh"\n}`       | line 4, column 13: "output" "../../.ssh" leaves the folder it is relative to (a .. segment); name a folder inside it
            `  "output": "gen/../../x"\n}`      | line 4, column 13: "output" "gen/../../x" leaves the folder it is relative to (a .. segment); name a folder inside it
            `  "output": "gen\\\\..\\\\..\\\\x"\n}` | line 4, column 13: "output" "gen\\..\\..\\x" leaves the folder it is relative to (a .. segment); name a folder inside it
            `  "output": "/tmp/gen"\n}`         | line 4, column 13: "output" "/tmp/gen" is absolute; give a relative path, with / between folders
            `  "output": "./gen"\n}`            | line 4, column 13: "output" "./gen" has a . segment; remove it
            `  "output": "gen//kws"\n}`         | line 4, column 13: "output" "gen//kws" has an empty segment (//); remove it
            """)
    void eachMistakeIsReportedWhereItIs(String body, String expected) {
        assertEquals(expected, errorOf(HEAD + body.replace("\\n", "\n").replace("\\t", "\t")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            empty                  | `` | line 1, column 1: not valid JSON: the file is empty; a settings file holds one JSON object { ... }
            not an object          | `[1]` | line 1, column 1: a settings file holds one JSON object { ... }
            no model               | `{\n  "schema": 1\n}` | line 1, column 1: missing "model"
            absolute model         | `{\n  "schema": 1,\n  "model": "/models/kws.tflite"\n}` | line 3, column 12: "model" "/models/kws.tflite" is absolute; give a relative path, with / between folders
            unclosed text          | `{\n  "schema": 1,\n  "model": "kws.tflite\n}` | line 3, column 12: not valid JSON: this text has no closing double quote on its line
            """)
    void wholeFileMistakes(String name, String text, String expected) {
        assertEquals(expected, errorOf(text.replace("\\n", "\n")));
    }

    @org.junit.jupiter.api.Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() {
        // Deep enough to overflow a recursive parser's stack if it were not bounded.
        String deep = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);
        assertEquals("line 1, column 321: not valid JSON: objects and lists are nested more than 64 levels deep; a "
                + "settings file needs a few", errorOf(deep));
        assertEquals("line 1, column 65: not valid JSON: objects and lists are nested more than 64 levels deep; a "
                + "settings file needs a few", errorOf("[".repeat(100_000)));
    }

    @org.junit.jupiter.api.Test
    void positionsPointAtTheKeyInsideTheRightObject() {
        // "flashBytes" appears under target first; the budget's bad value is reported at the budget's key.
        String text = HEAD + "  \"target\": {\"flashBytes\": 1048576},\n  \"budget\": {\n    \"flashBytes\": -1\n  }\n}";
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsIO.read(text));
        assertEquals(6, e.line());
        assertEquals(19, e.column());
    }
}
