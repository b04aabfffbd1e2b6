package dev.prunus.core.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of the model reader and the pipeline behind it. Without {@code JAZZER_FUZZ=1} this runs
 * the committed regression inputs under {@code ModelReaderFuzzTestInputs/model/} (seeds and past findings);
 * bench/fuzz.sh fuzzes it for a set time, seeded with the shared models.
 */
class ModelReaderFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void model(byte[] bytes) {
        FuzzTargets.model(bytes);
    }
}
