package dev.prunus.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Coverage-guided fuzzing of the settings reader (see {@link ModelReaderFuzzTest} for the modes). */
class SettingsReaderFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void settings(byte[] bytes) {
        FuzzTargets.settings(bytes);
    }
}
