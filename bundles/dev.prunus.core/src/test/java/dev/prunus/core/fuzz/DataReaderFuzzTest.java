package dev.prunus.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the labelled-data readers, one target per form, each reading for the demo model's
 * input (see {@link ModelReaderFuzzTest} for the modes).
 */
class DataReaderFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void npy(byte[] bytes) {
        FuzzTargets.dataFile(".npy", bytes);
    }

    @FuzzTest(maxDuration = "5s")
    void npz(byte[] bytes) {
        FuzzTargets.dataFile(".npz", bytes);
    }

    @FuzzTest(maxDuration = "5s")
    void csv(byte[] bytes) {
        FuzzTargets.dataFile(".csv", bytes);
    }

    @FuzzTest(maxDuration = "5s")
    void rawRecords(byte[] bytes) {
        FuzzTargets.dataFile(".s8", bytes);
    }

    @FuzzTest(maxDuration = "5s")
    void imageFolder(byte[] bytes) {
        FuzzTargets.folderWith("x.png", bytes);
    }

    @FuzzTest(maxDuration = "5s")
    void wavFolder(byte[] bytes) {
        FuzzTargets.folderWith("x.wav", bytes);
    }
}
