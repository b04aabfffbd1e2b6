package dev.prunus.core.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.prune.PruneOptions;
import dev.prunus.core.prune.Pruner;
import dev.prunus.core.testing.CancelAfter;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/** Fine-tuning the pruned demo model: what it may change, what it must keep. */
class FineTunerTest {

    private static final Model TEACHER = DemoModel.build();
    private static final List<byte[]> RECORDS = split(DemoModel.inputs(24));
    private static final FineTuneOptions FAST = FineTuneOptions.of(3, 1e-2, 4, 5);

    private static List<byte[]> split(byte[] all) {
        List<byte[]> list = new ArrayList<>();
        for (int off = 0; off < all.length; off += DemoModel.INPUT_BYTES) {
            list.add(Arrays.copyOfRange(all, off, off + DemoModel.INPUT_BYTES));
        }
        return list;
    }

    private static Model pruned(String method, double ratio) {
        return Pruner.prune(TEACHER, PruneOptions.uniform(method, ratio, DemoModel.inputs(16), null, null),
                Progress.NONE).pruned();
    }

    @Test
    void keepsGraphShapesActivationQuantizationAndZeros() {
        for (String method : new String[] {"filterlet", "channel"}) {
            Model student = pruned(method, 0.5);
            Model tuned = FineTuner.fineTune(TEACHER, student, RECORDS, FAST, Progress.NONE);
            Graph s = student.main();
            Graph t = tuned.main();
            assertEquals(s.operators(), t.operators(), method);
            boolean changed = false;
            for (Tensor a : s.tensors()) {
                Tensor b = t.tensor(a.index());
                assertArrayEquals(a.shape(), b.shape(), method + " " + a);
                assertEquals(a.type(), b.type(), method + " " + a);
                if (!a.isConstant()) {
                    assertEquals(a.quantization(), b.quantization(), method + ": activation quantization of " + a);
                    continue;
                }
                byte[] before = a.data();
                byte[] after = b.data();
                if (a.type() == TensorType.INT8) {
                    for (int i = 0; i < before.length; i++) {
                        if (before[i] == 0) {
                            assertEquals(0, after[i], method + ": pruned weight " + i + " of " + a + " came back");
                        }
                        assertTrue(after[i] >= -127, method + ": int8 weights stay in [-127, 127]");
                    }
                    assertEquals(a.quantization().channelCount(), b.quantization().channelCount(),
                            method + ": per-channel stays per-channel: " + a);
                }
                changed |= !Arrays.equals(before, after);
            }
            assertTrue(changed, method + ": fine-tuning changed some weight");
            // The result is a valid model: it writes, reads back equal, and runs.
            Model back = TfliteReader.read(TfliteWriter.write(tuned));
            assertEquals(tuned.main(), back.main());
            Interpreter.create(back).run(RECORDS.get(0));
        }
    }

    @Test
    void biasesUseInputTimesWeightScale() {
        Model tuned = FineTuner.fineTune(TEACHER, pruned("filterlet", 0.5), RECORDS, FAST, Progress.NONE);
        Graph g = tuned.main();
        for (Operator op : g.operators()) {
            if (op.type() == OpType.CONV_2D || op.type() == OpType.FULLY_CONNECTED) {
                Tensor w = op.input(g, 1);
                Tensor b = op.input(g, 2);
                float in = op.input(g, 0).quantization().scale(0);
                for (int o = 0; o < b.elementCount(); o++) {
                    assertEquals((float) (in * w.quantization().scale(o)), b.quantization().scale(o), 0f,
                            "bias scale of operator " + op.index() + " channel " + o);
                }
            }
        }
    }

    @Test
    void sameSeedSameModel() {
        Model student = pruned("filterlet", 0.5);
        byte[] a = TfliteWriter.write(FineTuner.fineTune(TEACHER, student, RECORDS, FAST, Progress.NONE));
        byte[] b = TfliteWriter.write(FineTuner.fineTune(TEACHER, student, RECORDS, FAST, Progress.NONE));
        assertArrayEquals(a, b);
    }

    @Test
    void lowersTheHeldOutLossOrKeepsTheStudent() {
        Model student = pruned("filterlet", 0.7);
        FineTuner.Result r = FineTuner.run(TEACHER, student, RECORDS,
                new FineTuneOptions(10, 1e-2, 4, 3, 4, 0, 0.25, 0, 0, 1), Progress.NONE);
        assertEquals(6, r.heldOutRecords());
        assertTrue(r.heldOutLoss()[r.bestEpoch()] <= r.heldOutLoss()[0]);
        assertTrue(r.bestEpoch() > 0, "some epoch improved the held-out loss: " + Arrays.toString(r.heldOutLoss()));
    }

    @Test
    void honoursCancellation() {
        Model student = pruned("filterlet", 0.5);
        CancelAfter cancel = new CancelAfter(50);
        assertThrows(CanceledException.class, () -> FineTuner.fineTune(TEACHER, student, RECORDS, FAST, cancel));
    }

    @Test
    void namesAnUnsupportedOperator() {
        // Replace the demo's RESHAPE (operator 4) by a TANH of the same input and output.
        Graph g = TEACHER.main();
        Operator reshape = g.operator(4);
        Operator tanh = new Operator(4, OpType.TANH, new int[] {reshape.inputIndex(0)}, reshape.outputs(),
                OpOptions.NoOptions.INSTANCE);
        Model odd = TEACHER.withMain(g.withOperator(tanh));
        FineTuneException e = assertThrows(FineTuneException.class,
                () -> FineTuner.fineTune(odd, odd, RECORDS, FAST, Progress.NONE));
        assertTrue(e.getMessage().contains("operator TANH at index 4 is not supported"), e.getMessage());
        assertTrue(e.getMessage().startsWith("fine-tuning supports "), e.getMessage());
    }

    @Test
    void validatesOptionsAndRecords() {
        FineTuneException e = assertThrows(FineTuneException.class, () -> FineTuneOptions.of(0, 1e-3, 8, 1));
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        e = assertThrows(FineTuneException.class, () -> FineTuneOptions.of(5, -1, 8, 1));
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        e = assertThrows(FineTuneException.class, () -> FineTuneOptions.of(5, 1e-3, 0, 1));
        assertTrue(e.getMessage().contains("batch size"), e.getMessage());
        e = assertThrows(FineTuneException.class,
                () -> FineTuner.fineTune(TEACHER, TEACHER, List.of(new byte[5]), FAST, Progress.NONE));
        assertTrue(e.getMessage().contains("record 0 has 5 bytes"), e.getMessage());
        e = assertThrows(FineTuneException.class,
                () -> FineTuner.fineTune(TEACHER, TEACHER, List.of(), FAST, Progress.NONE));
        assertTrue(e.getMessage().contains("at least one"), e.getMessage());
    }
}
