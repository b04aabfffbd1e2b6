package dev.prunus.core.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.testing.SharedModels;
import dev.prunus.core.tflite.TfliteReader;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class AnalysisTest {

    static List<SharedModels.Facts> models() {
        return SharedModels.ALL;
    }

    private static Graph graph(String name) throws IOException {
        return TfliteReader.read(SharedModels.require(SharedModels.named(name))).main();
    }

    @ParameterizedTest
    @MethodSource("models")
    void paramsMatchTheReadmeAndSumOverOperators(SharedModels.Facts facts) throws IOException {
        Graph g = TfliteReader.read(SharedModels.require(facts)).main();
        ModelCost cost = CostAnalyzer.analyze(g);
        assertEquals(facts.params(), cost.params(), "params of " + facts);
        long perOp = cost.operators().stream().mapToLong(OperatorCost::params).sum();
        assertEquals(cost.params(), perOp, "every constant of " + facts + " is read by exactly one first operator");
        long flash = cost.operators().stream().mapToLong(OperatorCost::flashBytes).sum();
        assertEquals(cost.flashBytes(), flash, "flash of " + facts + " = sum over operators");
        assertEquals(g.operators().size(), cost.operators().size());
    }

    @Test
    void macsFollowTheLayerFormulas() throws IOException {
        // ad01: dense 640-128-128-128-128-8-128-128-128-128-640
        assertEquals(2 * 640 * 128 + 6 * 128 * 128 + 2 * 128 * 8, CostAnalyzer.analyze(graph("ad01_int8")).macs());
        // hello_world: dense 1-16-16-1
        assertEquals(16 + 16 * 16 + 16, CostAnalyzer.analyze(graph("hello_world_int8")).macs());
        // trained_lstm: 28 steps x 4 gates x 20 cells x (28 inputs + 20 recurrent), then dense 560 -> 10
        assertEquals(28L * 4 * 20 * (28 + 20) + 560 * 10, CostAnalyzer.analyze(graph("trained_lstm_int8")).macs());

        Graph kws = graph("kws_ref_model");
        for (Operator op : kws.operators()) {
            long macs = CostAnalyzer.macs(kws, op);
            Tensor out = op.output(kws, 0);
            if (op.type() == OpType.CONV_2D) {
                Tensor f = op.input(kws, 1);
                assertEquals((long) out.dim(1) * out.dim(2) * f.dim(0) * f.dim(1) * f.dim(2) * f.dim(3), macs, op.toString());
            } else if (op.type() == OpType.DEPTHWISE_CONV_2D) {
                Tensor f = op.input(kws, 1);
                assertEquals((long) out.dim(1) * out.dim(2) * f.dim(3) * f.dim(1) * f.dim(2), macs, op.toString());
            } else if (op.type() != OpType.FULLY_CONNECTED) {
                assertEquals(0, macs, op.toString());
            }
        }
        assertEquals(2_656_768, CostAnalyzer.analyze(kws).macs(), "KWS DS-CNN is the 2.7 M-MAC MLPerf model");
    }

    @Test
    void flashCountsWeightsBiasAndRequantizationParameters() throws IOException {
        // hello_world: 288 int8 weights, 33 int32 biases, 3 per-tensor layers x 8 bytes of multiplier+shift
        ModelCost cost = CostAnalyzer.analyze(graph("hello_world_int8"));
        assertEquals(288 + 33 * 4 + 3 * 8, cost.flashBytes());
        OperatorCost first = cost.operators().get(0);
        assertEquals(16, first.weightBytes());
        assertEquals(64, first.biasBytes());
        assertEquals(8, first.quantBytes());
        assertEquals(0, first.indexBytes());
    }

    @ParameterizedTest
    @MethodSource("models")
    void plannedArenaIsValidAndSmallerThanTflm(SharedModels.Facts facts) throws IOException {
        Graph g = TfliteReader.read(SharedModels.require(facts)).main();
        ArenaPlan plan = MemoryPlanner.plan(g);
        assertTrue(plan.arenaBytes() < facts.tflmArenaBytes(), facts + ": planned arena " + plan.arenaBytes()
                + " B (scratch " + plan.scratchBytes() + " B) must be below TFLM's " + facts.tflmArenaBytes() + " B");
        assertValid(g, plan, facts.toString());
    }

    /** Independent check: aligned offsets; buffers live at the same time never overlap unless they alias. */
    static void assertValid(Graph g, ArenaPlan plan, String what) {
        int n = g.tensors().size();
        int ops = g.operators().size();
        int[] first = new int[n];
        int[] last = new int[n];
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        java.util.Arrays.fill(last, -1);
        for (int t : g.inputs()) {
            first[t] = 0;
        }
        for (Operator op : g.operators()) {
            for (int t : op.inputs()) {
                if (t >= 0) {
                    first[t] = Math.min(first[t], op.index());
                    last[t] = Math.max(last[t], op.index());
                }
            }
            for (int t : op.outputs()) {
                first[t] = Math.min(first[t], op.index());
                last[t] = Math.max(last[t], op.index());
            }
        }
        for (int t : g.outputs()) {
            last[t] = ops - 1;
        }
        for (Tensor t : g.tensors()) {
            int i = t.index();
            if (t.isVariable()) {
                first[i] = 0;
                last[i] = ops - 1;
            }
            boolean used = last[i] >= 0;
            assertEquals(!t.isConstant() && used && t.byteSize() > 0, plan.isPlanned(i), what + " plans " + t);
            if (plan.isPlanned(i)) {
                assertEquals(0, plan.offset(i) % MemoryPlanner.ALIGNMENT, what + " " + t + " alignment");
                assertTrue(plan.offset(i) + t.byteSize() <= plan.arenaBytes(), what + " " + t + " inside the arena");
                // variables in the persistent part, everything else in the reused part
                assertEquals(t.isVariable(), plan.offset(i) >= plan.persistentOffset(), what + " " + t + " part");
                if (!t.isVariable()) {
                    assertTrue(plan.offset(i) + t.byteSize() <= plan.persistentOffset(), what + " " + t + " reused");
                }
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (!plan.isPlanned(a) || !plan.isPlanned(b) || plan.aliasOf(a) == plan.aliasOf(b)) {
                    continue;
                }
                boolean together = first[a] <= last[b] && first[b] <= last[a];
                boolean overlap = plan.offset(a) < plan.offset(b) + plan.size(b)
                        && plan.offset(b) < plan.offset(a) + plan.size(a);
                assertTrue(!(together && overlap), what + ": tensors " + a + " and " + b + " overlap while both live");
            }
        }
        for (ArenaPlan.Scratch s : plan.scratch()) {
            assertEquals(0, s.offset() % MemoryPlanner.ALIGNMENT);
            assertTrue(s.offset() + s.size() <= plan.persistentOffset(), what + ": scratch in the reused part");
            for (int t = 0; t < n; t++) {
                if (plan.isPlanned(t) && first[t] <= s.operatorIndex() && s.operatorIndex() <= last[t]) {
                    boolean overlap = plan.offset(t) < s.offset() + s.size() && s.offset() < plan.offset(t) + plan.size(t);
                    assertTrue(!overlap, what + ": scratch of operator " + s.operatorIndex() + " overlaps tensor " + t);
                }
            }
        }
    }

    @Test
    void reshapeAliasesItsInputAndElementwiseOpsWriteInPlace() throws IOException {
        Graph kws = graph("kws_ref_model");
        ArenaPlan plan = MemoryPlanner.plan(kws);
        Operator reshape = kws.operators().stream().filter(o -> o.type() == OpType.RESHAPE).findFirst().orElseThrow();
        assertEquals(plan.offset(reshape.inputIndex(0)), plan.offset(reshape.outputIndex(0)));
        assertEquals(plan.aliasOf(reshape.inputIndex(0)), plan.aliasOf(reshape.outputIndex(0)));

        Graph resnet = graph("pretrainedResnet_quant");
        ArenaPlan rp = MemoryPlanner.plan(resnet);
        int inPlace = 0;
        for (Operator op : resnet.operators()) {
            if (op.type() == OpType.ADD) {
                int out = op.outputIndex(0);
                if (rp.aliasOf(out) != out) {
                    inPlace++;
                    assertTrue(rp.offset(out) == rp.offset(op.inputIndex(0)) || rp.offset(out) == rp.offset(op.inputIndex(1)));
                }
            }
        }
        assertTrue(inPlace > 0, "residual ADDs write over an input that dies there");
        assertTrue(rp.arenaBytes() < rp.unsharedBytes(), "reuse beats one buffer per tensor");
    }

    @Test
    void variablesLiveInThePersistentPartAfterTheReusedOne() {
        Quantization q = Quantization.perTensor(0.5f, -3);
        // y = relu(x + state): the state is read by operator 0 only, yet no other buffer may take its bytes
        List<Tensor> ts = List.of(Tensor.activation(0, "x", TensorType.INT8, new int[] {1, 40}, q),
                Tensor.activation(1, "state", TensorType.INT8, new int[] {1, 40}, q).withVariable(true),
                Tensor.activation(2, "sum", TensorType.INT8, new int[] {1, 40}, q),
                Tensor.activation(3, "cell", TensorType.INT16, new int[] {1, 8}, q).withVariable(true),
                Tensor.activation(4, "y", TensorType.INT8, new int[] {1, 40}, q));
        List<Operator> ops = List.of(
                new Operator(0, OpType.ADD, new int[] {0, 1}, new int[] {2}, new OpOptions.AddOptions(Activation.NONE)),
                new Operator(1, OpType.RELU, new int[] {2}, new int[] {4}, OpOptions.NoOptions.INSTANCE));
        Graph g = new Graph("g", ts, ops, new int[] {0}, new int[] {4});
        ArenaPlan plan = MemoryPlanner.plan(g);
        assertValid(g, plan, "state graph");
        // reused part: x, sum (y is written over sum in place); then state, cell and the flag, in tensor order
        assertEquals(2 * 48, plan.persistentOffset());
        assertEquals(plan.persistentOffset(), plan.offset(1));
        assertEquals(plan.persistentOffset() + 48, plan.offset(3));
        assertEquals(plan.persistentOffset() + 48 + 16, plan.stateFlagOffset());
        assertEquals(48 + 16 + 16, plan.persistentBytes());
        assertEquals(plan.persistentOffset() + plan.persistentBytes(), plan.arenaBytes());

        Graph stateless = new Graph("g", List.of(ts.get(0), ts.get(1).withVariable(false), ts.get(2),
                ts.get(3).withVariable(false), ts.get(4)), ops, new int[] {0, 1}, new int[] {4});
        ArenaPlan none = MemoryPlanner.plan(stateless);
        assertEquals(0, none.persistentBytes());
        assertEquals(-1, none.stateFlagOffset());
        assertEquals(none.arenaBytes(), none.persistentOffset());
    }

    @Test
    void lstmStatesArePersistentAndTheRestIsReused() throws IOException {
        Graph g = TfliteReader.read(dev.prunus.core.testing.SharedData.require("models/tflm/trained_lstm_int8.tflite"))
                .main();
        ArenaPlan plan = MemoryPlanner.plan(g);
        assertValid(g, plan, "trained_lstm_int8");
        Operator lstm = g.operator(0);
        Tensor hidden = g.tensor(lstm.inputIndex(18));
        Tensor cell = g.tensor(lstm.inputIndex(19));
        // hidden int8 [1,20] -> 32 B, cell int16 [1,20] -> 48 B, flag 16 B
        assertEquals(32 + 48 + 16, plan.persistentBytes());
        assertTrue(plan.offset(hidden.index()) >= plan.persistentOffset());
        assertTrue(plan.offset(cell.index()) >= plan.persistentOffset());
    }

    @Test
    void scratchIsWhatTheChosenKernelAsksFor() throws IOException {
        Graph kws = graph("kws_ref_model");
        ArenaPlan plan = MemoryPlanner.plan(kws);
        int convs = 0;
        for (ArenaPlan.Scratch s : plan.scratch()) {
            Operator op = kws.operator(s.operatorIndex());
            Tensor f = op.input(kws, 1);
            if (op.type() == OpType.CONV_2D) {
                convs++;
                // kws: the first convolution is 10x4 (generic kernel), the others 1x1
                int k = f.dim(1) * f.dim(2) * f.dim(3);
                int k4 = (k + 3) / 4 * 4;
                int expected = f.dim(1) == 1 && f.dim(2) == 1 ? 28 * f.dim(0) + 4 * k4 : 28 * f.dim(0) + 5 * k4;
                assertEquals(expected, s.size(), op.toString());
            } else if (op.type() == OpType.FULLY_CONNECTED) {
                assertEquals(2 * ((f.dim(1) + 3) / 4 * 4), s.size(), op.toString());
            } else {
                assertEquals(OpType.DEPTHWISE_CONV_2D, op.type(), "only convolutions and fully connected need scratch");
                int c = f.dim(3);
                assertEquals(28 * c + 72 * (c / 4) + (c + 3) / 4 * 4, s.size(), op.toString());
            }
            assertTrue(s.formula().startsWith("pn_"), s.formula());
        }
        assertEquals(5, convs, "5 convolutions");
        assertEquals(10, plan.scratch().size(), "5 convolutions, 4 3x3 depthwise convolutions, 1 fully connected");
    }

    @Test
    void fullyConnectedScratchStaysSmallForLongRows() throws IOException {
        // micro_speech: 4000 -> 4; ad01: 640 -> 128 and 128 -> 640
        Graph micro = graph("micro_speech_quantized");
        Operator fc = micro.operators().stream().filter(o -> o.type() == OpType.FULLY_CONNECTED).findFirst()
                .orElseThrow();
        assertEquals(2048 + 4 * 4, MemoryPlanner.scratchBytes(micro, fc));
        Graph ad = graph("ad01_int8");
        assertEquals(2 * 640, MemoryPlanner.scratchBytes(ad, ad.operator(0)));
        assertEquals(2 * 128, MemoryPlanner.scratchBytes(ad, ad.operator(ad.operators().size() - 1)));
    }
}
