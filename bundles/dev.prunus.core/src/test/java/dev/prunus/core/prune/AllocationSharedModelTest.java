package dev.prunus.core.prune;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.prunus.core.data.DataReader;
import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.InputSpec;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;

/**
 * Issue 12's allocation requirement on ResNet-8 (pretrainedResnet_quant), one shot without training to stay small:
 * at the instructions of the best uniform filterlet ratio that reaches 0.60x the dense model's M4 instructions, the
 * allocation by measured sensitivity under that instruction budget (and at least 50 % of the prunable weights
 * removed) scores at least the uniform model's top-1 on a validation split of the training images. The split and
 * the calibration records come from samples/cifar10-train only (the test images are for measuring, not choosing).
 */
class AllocationSharedModelTest {

    private static final String MODEL = "models/mlperf_tiny/pretrainedResnet_quant.tflite";
    private static final String TRAIN = "samples/cifar10-train";
    /** Images per class: the first CALIBRATION_PER_CLASS calibrate, the next VALIDATION_PER_CLASS validate. */
    private static final int CALIBRATION_PER_CLASS = 12;
    private static final int VALIDATION_PER_CLASS = 30;

    @Test
    void allocationIsAtLeastAsGoodAsTheBestUniformRatioAtTheSameInstructions(@TempDir Path tmp) throws IOException {
        Model model = TfliteReader.read(SharedData.require(MODEL));
        Path train = SharedData.require(TRAIN + "/labels.txt").getParent();
        Dataset cal = subset(train, tmp.resolve("cal"), 0, CALIBRATION_PER_CLASS, model);
        Dataset val = subset(train, tmp.resolve("val"), CALIBRATION_PER_CLASS, VALIDATION_PER_CLASS, model);
        byte[] calibration = records(cal);
        byte[] validation = records(val);
        int[] labels = new int[val.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = val.label(i);
        }
        long dense = PackPlanner.plan(model.main(), "m4").instructions();
        long budget = (long) (0.60 * dense);
        // The best uniform ratio at the budget is the smallest in steps of 0.05 that meets it.
        PruneResult uniform = null;
        long uniformInstructions = 0;
        for (double r = 0.60; r >= 0.45; r -= 0.05) {
            PruneResult u = Pruner.prune(model, PruneOptions.uniform("filterlet", r, calibration, validation, labels),
                    Progress.NONE);
            long ins = PackPlanner.plan(u.pruned().main(), "m4").instructions();
            if (ins > budget) {
                break;
            }
            uniform = u;
            uniformInstructions = ins;
        }
        assertTrue(uniform != null, "uniform filterlet 0.60 meets 0.60x the dense instructions");
        PruneResult allocated = Pruner.prune(model, new PruneOptions("filterlet", 0.5, null, null, uniformInstructions,
                null, null, "m4", calibration, validation, labels, null), Progress.NONE);
        long allocatedInstructions = PackPlanner.plan(allocated.pruned().main(), "m4").instructions();
        double u = uniform.report().fidelity().accuracyPruned();
        double a = allocated.report().fidelity().accuracyPruned();
        String figures = String.format(Locale.ROOT, "uniform %s: %.2f%% at %,d instructions; allocated: %.2f%% at "
                + "%,d instructions (dense %,d)", uniform.report().allocation(), 100 * u, uniformInstructions, 100 * a,
                allocatedInstructions, dense);
        System.out.println(figures);
        assertTrue(allocatedInstructions <= uniformInstructions, figures);
        assertTrue(a >= u, figures);
    }

    /** A class folder of {@code count} images per class from index {@code from}, linked, not copied. */
    private static Dataset subset(Path train, Path dir, int from, int count, Model model) throws IOException {
        Files.copy(train.resolve("labels.txt"), Files.createDirectories(dir).resolve("labels.txt"));
        for (String name : Files.readAllLines(train.resolve("labels.txt"))) {
            if (name.isBlank()) {
                continue;
            }
            Path classDir = Files.createDirectories(dir.resolve(name));
            List<Path> files;
            try (Stream<Path> s = Files.list(train.resolve(name))) {
                files = new ArrayList<>(s.sorted().toList());
            }
            for (Path f : files.subList(from, Math.min(files.size(), from + count))) {
                Files.createSymbolicLink(classDir.resolve(f.getFileName()), f);
            }
        }
        return DataReader.read(dir, null, InputSpec.of(model), Preprocessing.DEFAULT, Progress.NONE);
    }

    private static byte[] records(Dataset d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < d.size(); i++) {
            out.writeBytes(d.input(i));
        }
        return out.toByteArray();
    }
}
