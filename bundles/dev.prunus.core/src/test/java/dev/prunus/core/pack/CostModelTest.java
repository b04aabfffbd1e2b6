package dev.prunus.core.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The calibrated cost model against measured executed instructions (Cortex-M4, QEMU): single layers from
 * bundles/dev.prunus.runtime/bench/run-layers.sh (docs/benchmarks/cost-model.md) and whole shared models from
 * docs/benchmarks/models.md. The figures are pinned here so that a change of the formulas that loses the
 * calibration fails; re-measure and update both when the kernels change.
 */
class CostModelTest {

    private static final CostModel M4 = CostModel.forCore("m4");

    private static ConvGeometry geo(int inH, int inC, int outH, int outC, int k, int stride) {
        return new ConvGeometry(1, inH, inH, inC, outH, outH, outC, k, k, stride, stride, 1, 1, 0, 0);
    }

    private static void near(long measured, long estimate, String what) {
        double err = Math.abs(estimate - measured) / (double) measured;
        assertTrue(err <= 0.10, what + ": estimate " + estimate + " vs measured " + measured);
    }

    @Test
    void layersWithinTenPercentOfTheirMeasuredCounts() {
        near(3443466, M4.conv(Kernel.CONV_3X3, geo(32, 16, 32, 16, 3, 1)), "ResNet op 1, pn_conv_s8_3x3");
        near(1796806, M4.conv(Kernel.CONV_3X3, geo(32, 3, 32, 16, 3, 1)), "ResNet op 0 (Cin 3)");
        near(1400631, M4.conv(Kernel.CONV_3X3, geo(16, 32, 8, 64, 3, 2)), "ResNet op 8 (stride 2)");
        near(360154, M4.conv(Kernel.CONV, geo(32, 16, 16, 32, 1, 2)), "ResNet op 6, 1x1 stride 2 on pn_conv_s8");
        near(849854, M4.conv(Kernel.CONV_1X1, geo(12, 64, 12, 64, 1, 1)), "VWW op 10, pn_conv_s8_1x1");
        near(1262683, M4.conv(Kernel.CONV_1X1, geo(12, 64, 12, 64, 1, 1), false), "VWW op 10, exact output stage");
        near(163951, M4.conv(Kernel.DEPTHWISE_3X3, geo(6, 128, 6, 128, 3, 1)), "VWW op 13, depthwise 3x3");
        near(2212, M4.fullyConnected(1, 10, 64), "ResNet op 14, fully connected");
        near(1752857, M4.filterlet(geo(32, 16, 32, 16, 3, 1), 72), "ResNet op 1, filterlet 50 %");
        near(701081, M4.filterlet(geo(32, 16, 32, 16, 3, 1), 14), "ResNet op 1, filterlet 90 %");
        near(1100908, M4.filterlet(geo(96, 3, 48, 8, 3, 2), 7), "VWW op 0, filterlet 90 % (Cin 3, stride 2)");
        near(6218469, M4.filterlet(geo(32, 16, 32, 16, 3, 1), 72, false), "filterlet 50 %, exact output stage");
        near(314544, M4.conv1x1Block(4, geo(6, 128, 6, 128, 1, 1), 819), "VWW op 14, block 1x1 80 %");
        near(123495, M4.conv1x1Block(4, geo(3, 128, 3, 256, 1, 1), 410), "VWW op 24, block 1x1 95 % (3x3 pixels)");
        near(2048547, M4.other(OpType.ADD, 16384, 16384, 1024), "ResNet op 3, ADD");
        near(10606, M4.other(OpType.AVERAGE_POOL_2D, 4096, 64, 1), "ResNet op 12, average pool");
        near(4984, M4.other(OpType.SOFTMAX, 10, 10, 1), "ResNet op 15, softmax");
        near(610741, M4.lstm(1, 28, 28, 20), "trained_lstm_int8 op 0, pn_lstm_s8 (28 steps, 28 inputs, 20 cells)");
        near(863450, M4.lstm(1, 8, 64, 64), "pn_lstm_s8, 8 steps, 64 inputs, 64 cells");
        assertEquals(M4.conv(Kernel.CONV_3X3, geo(32, 16, 32, 16, 3, 1)),
                CostModel.forCore("m7").conv(Kernel.CONV_3X3, geo(32, 16, 32, 16, 3, 1)), "one table for M4 and M7");
    }

    /** docs/benchmarks/models.md, Cortex-M4: instructions per inference of the generated C as shipped. */
    @Test
    void wholeModelsWithinTenPercent() throws IOException {
        String[][] models = {{"models/mlperf_tiny/pretrainedResnet_quant.tflite", "21483889"},
            {"models/mlperf_tiny/vww_96_int8.tflite", "13720630"}, {"models/tflm/person_detect.tflite", "14581585"}};
        for (String[] m : models) {
            Graph g = TfliteReader.read(SharedData.require(m[0])).main();
            near(Long.parseLong(m[1]), PackPlanner.plan(g, "m4").instructions(), m[0]);
        }
    }
}
