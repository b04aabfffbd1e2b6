package dev.prunus.core.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Model and data paths of a settings file inside a project (the IDE reads them with the settings file's depth below
 * the project): {@code ..} that stays in the project is fine, {@code ..} that climbs out of it is an error at the
 * line and column of the value, whichever key holds it. The command line sets no root and reads the same file.
 */
class SettingsProjectPathsTest {

    /** The settings file {@code depth} folders below the project, with one path setting on line 4. */
    private static String file(String line) {
        return "{\n  \"schema\": 1,\n  \"model\": \"kws.tflite\",\n" + line + "\n}\n";
    }

    @ParameterizedTest(name = "{0} at depth {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `  "calibration": "../../cal.s8"`               | 1 | line 4, column 18: "calibration" "../../cal.s8" leaves the project (2 .. segments from a settings file 1 folder below the project); keep the data inside the project and name it from there
            `  "validation": "../val.s8"`                   | 0 | line 4, column 17: "validation" "../val.s8" leaves the project (1 .. segments from a settings file 0 folders below the project); keep the data inside the project and name it from there
            `  "labels": "data/../../../etc/passwd"`        | 1 | line 4, column 13: "labels" "data/../../../etc/passwd" leaves the project (3 .. segments from a settings file 1 folder below the project); keep the data inside the project and name it from there
            `  "labels": "..\\\\..\\\\secret.txt"`          | 1 | line 4, column 13: "labels" "..\\..\\secret.txt" leaves the project (2 .. segments from a settings file 1 folder below the project); keep the data inside the project and name it from there
            `  "training": {"data": "../../../digits"}`     | 2 | line 4, column 24: training "data" "../../../digits" leaves the project (3 .. segments from a settings file 2 folders below the project); keep the data inside the project and name it from there
            `  "training": {"data": "d", "validation": "../v"}` | 0 | line 4, column 43: training "validation" "../v" leaves the project (1 .. segments from a settings file 0 folders below the project); keep the data inside the project and name it from there
            `  "training": {"data": "d.s8", "labels": "../../l.txt"}` | 1 | line 4, column 42: training "labels" "../../l.txt" leaves the project (2 .. segments from a settings file 1 folder below the project); keep the data inside the project and name it from there
            """)
    void dataThatLeavesTheProjectIsAnErrorWhereItIs(String line, int depth, String expected) {
        String text = file(line);
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsIO.read(text, depth));
        assertEquals(expected, e.getMessage());
        assertEquals(4, e.line());
        // The command line has no project: the same file reads there.
        SettingsIO.read(text);
    }

    @Test
    void theModelPathIsCheckedToo() {
        String text = "{\n  \"schema\": 1,\n  \"model\": \"../other/kws.tflite\"\n}\n";
        SettingsException e = assertThrows(SettingsException.class, () -> SettingsIO.read(text, 0));
        assertEquals(3, e.line());
        assertEquals(12, e.column());
        assertEquals("../other/kws.tflite", SettingsIO.read(text, 1).model());
    }

    @ParameterizedTest(name = "{0} at depth {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `  "calibration": "../cal.s8"`                  | 1
            `  "calibration": "a/b/../../../cal.s8"`        | 1
            `  "labels": "../../data/labels.txt"`           | 2
            `  "training": {"data": "../digits", "validation": "../test"}` | 1
            `  "calibration": "./data/./cal.s8"`            | 0
            `  "labels": "data/../../../etc/passwd"`        | 2
            """)
    void dotsThatStayInsideTheProjectRead(String line, int depth) {
        SettingsIO.read(file(line), depth);
    }
}
