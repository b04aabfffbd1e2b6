package dev.prunus.core.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparsePackerTest {

    /** docs/sparse-format.md 1.4: 3x3, Cout 2, Cin 4; channel 0 keeps taps 0, 4, 8, channel 1 keeps 1, 3, 5, 7. */
    @Test
    void filterletWorkedExampleOfTheSpec() {
        byte[] w = new byte[2 * 9 * 4];
        int[][] kept = {{0, 4, 8}, {1, 3, 5, 7}};
        for (int o = 0; o < 2; o++) {
            for (int t : kept[o]) {
                for (int c = 0; c < 4; c++) {
                    w[(o * 9 + t) * 4 + c] = (byte) (10 * o + t + c + 1);
                }
            }
        }
        PackedWeights p = SparsePacker.filterlet(w, 2, 3, 3, 4);
        assertArrayEquals(new byte[] {0x11, 0x01, (byte) 0xAA, 0x00}, p.index());
        assertEquals(7, p.kept());
        assertEquals(28, p.weights().length);
        assertEquals(w[(1 * 9 + 1) * 4], p.weights()[12], "offset 12 is channel 1, tap 1");
        assertArrayEquals(w, SparsePacker.unpack(p, 2, 9, 4));
    }

    /** docs/sparse-format.md 2.4: Cin 10, Cout 2, B 4; row 0 keeps blocks 0 and 2, row 1 keeps block 1. */
    @Test
    void blockWorkedExampleOfTheSpec() {
        byte[] w = new byte[20];
        for (int i : new int[] {0, 1, 2, 3, 8, 9}) {
            w[i] = (byte) (i + 1);
        }
        for (int i = 4; i < 8; i++) {
            w[10 + i] = (byte) (-i);
        }
        PackedWeights p = SparsePacker.block(w, 2, 10, 4);
        assertArrayEquals(new byte[] {5, 0, 0, 0, 2, 0, 0, 0}, p.index());
        assertArrayEquals(new byte[] {1, 2, 3, 4, 9, 10, 0, 0, -4, -5, -6, -7}, p.weights());
        assertArrayEquals(w, SparsePacker.unpack(p, 2, 1, 10));
    }

    @Test
    void randomRoundTrips() {
        Random r = new Random(7);
        for (int round = 0; round < 20; round++) {
            int cout = 1 + r.nextInt(9);
            int cin = 1 + r.nextInt(70);
            byte[] w = new byte[cout * 25 * cin];
            for (int i = 0; i < w.length; i++) {
                w[i] = r.nextInt(3) == 0 ? (byte) (r.nextInt(255) - 127) : 0;
            }
            assertArrayEquals(w, SparsePacker.unpack(SparsePacker.filterlet(w, cout, 5, 5, cin), cout, 25, cin));
            for (int b : new int[] {4, 8}) {
                assertArrayEquals(w, SparsePacker.unpack(SparsePacker.block(w, cout * 25, cin, b), cout * 25, 1, cin));
            }
        }
        assertThrows(PackException.class, () -> SparsePacker.filterlet(new byte[36], 1, 6, 6, 1));
    }

    @Test
    void planKeepsDenseModelsDenseAndPacksZeroedLayers() {
        Graph g = DemoModel.build().main();
        PackPlan dense = PackPlanner.plan(g, "m4");
        assertEquals(0, dense.sparseLayerCount());
        assertEquals(0, dense.indexBytes());
        // Zero 90 % of the filterlets of every KxK convolution: they become filterlet-sparse, smaller and faster.
        for (Operator op : g.operators()) {
            Tensor w = op.type() == OpType.CONV_2D ? g.tensor(op.inputIndex(1)) : null;
            if (w != null && w.dim(1) * w.dim(2) > 1) {
                byte[] d = w.data();
                int cin = w.dim(3);
                for (int f = 0; f < d.length / cin; f++) {
                    if (f % 10 != 0) {
                        java.util.Arrays.fill(d, f * cin, (f + 1) * cin, (byte) 0);
                    }
                }
                g = g.withTensor(w.withData(d));
            }
        }
        PackPlan sparse = PackPlanner.plan(g, "m7");
        assertEquals("m7", sparse.core());
        LayerPack first = sparse.layers().stream().filter(l -> l.format() == PackFormat.FILTERLET).findFirst()
                .orElseThrow();
        assertEquals(Kernel.CONV_FILTERLET, first.kernel());
        assert first.packedBytes() < first.denseWeightBytes();
        assert first.instructions() < first.denseInstructions();
        assert sparse.indexBytes() > 0 && sparse.totalFlashBytes() < dense.totalFlashBytes();
        assertThrows(PackException.class, () -> PackPlanner.plan(DemoModel.build().main(), "m0"));
    }
}
