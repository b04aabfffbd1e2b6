package dev.prunus.core.pack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.testing.ModelEdits;
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
        assertEquals(1, p.group(), "the two channels' masks differ");
        assertArrayEquals(new byte[] {0x11, 0x01, (byte) 0xAA, 0x00}, p.index());
        assertEquals(7, p.kept());
        assertEquals(28, p.weights().length);
        assertEquals(w[(1 * 9 + 1) * 4], p.weights()[12], "offset 12 is channel 1, tap 1");
        assertArrayEquals(w, SparsePacker.unpack(p, 2, 9, 4));
    }

    /**
     * docs/sparse-format.md 1.5: 3x3, Cout 3, Cin 4, G 2; channels 0 and 1 keep taps 1, 3, 5, 7 (group 0), channel
     * 2 keeps taps 0, 4, 8 (group 1, partial).
     */
    @Test
    void groupedFilterletWorkedExampleOfTheSpec() {
        byte[] w = new byte[3 * 9 * 4];
        int[][] kept = {{1, 3, 5, 7}, {1, 3, 5, 7}, {0, 4, 8}};
        for (int o = 0; o < 3; o++) {
            for (int t : kept[o]) {
                for (int c = 0; c < 4; c++) {
                    w[(o * 9 + t) * 4 + c] = (byte) (o * 36 + t * 4 + c + 1);
                }
            }
        }
        PackedWeights p = SparsePacker.filterlet(w, 3, 3, 3, 4);
        assertEquals(2, p.group());
        assertArrayEquals(new byte[] {(byte) 0xAA, 0x00, 0x11, 0x01}, p.index());
        assertEquals(4, SparsePacker.filterletIndexBytes(3, 9, 2));
        assertEquals(11, p.kept());
        byte[] expected = new byte[44];
        int[][] order = {{0, 1}, {0, 3}, {0, 5}, {0, 7}, {1, 1}, {1, 3}, {1, 5}, {1, 7}, {2, 0}, {2, 4}, {2, 8}};
        for (int j = 0; j < order.length; j++) {
            System.arraycopy(w, (order[j][0] * 9 + order[j][1]) * 4, expected, 4 * j, 4);
        }
        assertArrayEquals(expected, p.weights(), "filterlet j at offset 4 j, channels then taps in order");
        assertEquals(48, p.index().length + p.weights().length, "sparse bytes of the example (dense: 108)");
        assertArrayEquals(w, SparsePacker.unpack(p, 3, 9, 4));
    }

    /** Weights whose masks are shared by groups of g channels (and differ between groups 0 and 1) pack with g. */
    @Test
    void groupedRoundTrips() {
        Random r = new Random(11);
        for (int g : new int[] {1, 2, 4, 8}) {
            for (int round = 0; round < 10; round++) {
                int cout = 2 * g + 1 + r.nextInt(3 * g); // at least three groups, often a partial last one
                int kh = 1 + r.nextInt(5);
                int kw = kh == 1 ? 2 + r.nextInt(4) : 1 + r.nextInt(5);
                int taps = kh * kw;
                int cin = 1 + r.nextInt(20);
                int groups = (cout + g - 1) / g;
                long[] gm = new long[groups];
                for (int i = 0; i < groups; i++) {
                    gm[i] = r.nextLong() & ((1L << taps) - 1);
                }
                if (gm[1] == gm[0]) {
                    gm[1] ^= 1;
                }
                byte[] w = new byte[cout * taps * cin];
                for (int o = 0; o < cout; o++) {
                    for (int t = 0; t < taps; t++) {
                        if ((gm[o / g] >>> t & 1) != 0) {
                            for (int c = 0; c < cin; c++) {
                                w[(o * taps + t) * cin + c] = (byte) (r.nextInt(255) - 127);
                            }
                            w[(o * taps + t) * cin + r.nextInt(cin)] = (byte) (1 + r.nextInt(100));
                        }
                    }
                }
                PackedWeights p = SparsePacker.filterlet(w, cout, kh, kw, cin);
                assertEquals(g, p.group(), "cout " + cout + ", " + kh + "x" + kw);
                assertEquals(SparsePacker.filterletIndexBytes(cout, taps, g), p.index().length);
                assertEquals(g, SparsePacker.filterletMaskGroup(w, cout, kh, kw, cin));
                long[] words = p.maskWords();
                int mw = (taps + 15) / 16;
                for (int i = 0; i < groups; i++) {
                    long m = mw == 1 ? words[i] : words[2 * i] | words[2 * i + 1] << 16;
                    assertEquals(gm[i], m, "mask of group " + i);
                }
                assertArrayEquals(w, SparsePacker.unpack(p, cout, taps, cin));
            }
        }
        // identical masks everywhere: the largest group allowed by cout (rounded up to a power of two) and 32
        assertEquals(8, SparsePacker.filterlet(new byte[5 * 9], 5, 3, 3, 1).group());
        assertEquals(32, SparsePacker.filterlet(new byte[100 * 4], 100, 2, 2, 1).group());
        assertEquals(1, SparsePacker.filterlet(new byte[4], 1, 2, 2, 1).group());
        assertThrows(PackException.class, () -> SparsePacker.filterletIndexBytes(8, 9, 3));
        assertThrows(PackException.class, () -> SparsePacker.filterletIndexBytes(8, 9, 64));
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
        assertPlannedIndexIsPackedIndex(g, sparse);
        assertThrows(PackException.class, () -> PackPlanner.plan(DemoModel.build().main(), "m0"));
    }

    /** Channel-group-shared pruning: the planner counts the grouped index exactly as the packer writes it. */
    @Test
    void plannedIndexBytesAreThePackedIndexBytes() {
        for (int g : new int[] {1, 2, 4, 8}) {
            // keep one tap in four per group, a different one per group
            Graph graph = ModelEdits.groupPrunedFilterlets(DemoModel.build().main(), g, 4);
            PackPlan plan = PackPlanner.plan(graph, "m4");
            assert plan.layers().stream().anyMatch(l -> l.format() == PackFormat.FILTERLET);
            assertPlannedIndexIsPackedIndex(graph, plan);
        }
    }

    private static void assertPlannedIndexIsPackedIndex(Graph g, PackPlan plan) {
        for (LayerPack l : plan.layers()) {
            if (l.format() != PackFormat.FILTERLET) {
                continue;
            }
            Tensor w = g.tensor(g.operators().get(l.operatorIndex()).inputIndex(1));
            PackedWeights p = SparsePacker.filterlet(w.data(), w.dim(0), w.dim(1), w.dim(2), w.dim(3));
            assertEquals(p.index().length, l.indexBytes(), l.operatorName());
            assertEquals(p.weights().length, l.weightBytes(), l.operatorName());
        }
    }
}
