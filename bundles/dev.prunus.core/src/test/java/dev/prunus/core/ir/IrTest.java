package dev.prunus.core.ir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IrTest {

    private static final Quantization Q = Quantization.perTensor(0.25f, -3);

    /** in(0) -> FC(w=1, b=2) -> 3 -> RELU -> 4 -> RESHAPE(shape=5) -> out(6); tensor 7 unused. */
    private static Graph smallGraph() {
        byte[] weights = {1, 2, 3, 4, 5, 6, 7, 8};
        byte[] bias = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(10).putInt(-20).array();
        byte[] shape = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).array();
        List<Tensor> tensors = List.of(
                Tensor.activation(0, "in", TensorType.INT8, new int[] {1, 4}, Q),
                Tensor.constant(1, "w", TensorType.INT8, new int[] {2, 4},
                        new Quantization(new float[] {0.5f, 0.25f}, new long[] {0, 0}, 0), weights),
                Tensor.constant(2, "b", TensorType.INT32, new int[] {2}, Quantization.NONE, bias),
                Tensor.activation(3, "fc", TensorType.INT8, new int[] {1, 2}, Q),
                Tensor.activation(4, "relu", TensorType.INT8, new int[] {1, 2}, Q),
                Tensor.constant(5, "shape", TensorType.INT32, new int[] {2}, Quantization.NONE, shape),
                Tensor.activation(6, "out", TensorType.INT8, new int[] {1, 2}, Q),
                Tensor.activation(7, "unused", TensorType.INT8, new int[] {3}, Q));
        List<Operator> ops = List.of(
                new Operator(0, OpType.FULLY_CONNECTED, new int[] {0, 1, 2}, new int[] {3},
                        new OpOptions.FullyConnectedOptions(Activation.NONE, false, false)),
                new Operator(1, OpType.RELU, new int[] {3}, new int[] {4}, OpOptions.NoOptions.INSTANCE),
                new Operator(2, OpType.RESHAPE, new int[] {4, 5}, new int[] {6}, new OpOptions.ReshapeOptions(null)));
        return new Graph("main", tensors, ops, new int[] {0}, new int[] {6});
    }

    @Test
    void typeCodesFollowTheSchema() {
        assertEquals(9, TensorType.INT8.tfliteCode());
        assertEquals(TensorType.INT16, TensorType.fromTflite(7));
        assertEquals(4, TensorType.INT32.byteSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TensorType.fromTflite(99));
        assertTrue(e.getMessage().contains("99"));
        assertEquals(3, OpType.CONV_2D.builtinCode());
        assertEquals(OpType.UNIDIRECTIONAL_SEQUENCE_LSTM, OpType.fromBuiltin(44));
        assertEquals(OpType.QUANTIZE, OpType.fromBuiltin(114));
        assertEquals(OpType.UNKNOWN, OpType.fromBuiltin(100_000));
        assertEquals(Activation.RELU6, Activation.fromTflite(3));
        assertEquals(Padding.VALID, Padding.fromTflite(1));
    }

    @Test
    void tensorsCopyArraysInAndOut() {
        int[] shape = {2, 4};
        byte[] data = new byte[8];
        Tensor t = Tensor.constant(1, "w", TensorType.INT8, shape, Q, data);
        shape[0] = 99;
        data[0] = 42;
        assertArrayEquals(new int[] {2, 4}, t.shape());
        assertEquals(0, t.data()[0]);
        t.shape()[0] = 7;
        t.data()[0] = 7;
        assertEquals(2, t.dim(0));
        assertEquals(4, t.dim(-1));
        assertEquals(0, t.data()[0]);
        ByteBuffer view = t.dataView();
        assertEquals(ByteOrder.LITTLE_ENDIAN, view.order());
        assertThrows(ReadOnlyBufferException.class, () -> view.put(0, (byte) 1));
        assertEquals(8, t.elementCount());
        assertEquals(8, t.byteSize());
        assertTrue(t.isConstant());
    }

    @Test
    void tensorRejectsDataThatDoesNotFitItsShape() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.constant(3, "bias", TensorType.INT32, new int[] {4}, Q, new byte[15]));
        assertTrue(e.getMessage().contains("needs 16 data bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Tensor.activation(0, "x", TensorType.INT8, new int[] {1, -1}, Q));
    }

    @Test
    void withersLeaveTheOriginalUnchanged() {
        Tensor t = Tensor.constant(1, "w", TensorType.INT8, new int[] {2, 4}, Q, new byte[8]);
        Tensor smaller = t.withShapeAndData(new int[] {1, 4}, new byte[] {1, 2, 3, 4});
        assertArrayEquals(new int[] {2, 4}, t.shape());
        assertEquals(4, smaller.elementCount());
        assertNotEquals(t, smaller);
        assertEquals(t, Tensor.constant(1, "w", TensorType.INT8, new int[] {2, 4}, Q, new byte[8]));
        Tensor variable = t.withVariable(true);
        assertFalse(variable.isConstant());
        assertTrue(variable.hasData());
        Tensor withSig = new Tensor(0, "x", TensorType.INT8, new int[] {1, 8}, new int[] {-1, 8}, true, Q, false, null);
        assertArrayEquals(new int[] {-1, 6}, withSig.withShape(new int[] {1, 6}).shapeSignature(),
                "unknown dimensions stay unknown");
    }

    @Test
    void quantizationAccessorsAndChannelSelection() {
        Quantization pc = new Quantization(new float[] {1f, 2f, 3f}, new long[] {0, 1, 2}, 3);
        assertTrue(pc.perChannel());
        assertEquals(2f, pc.scale(1));
        assertEquals(2, pc.zeroPoint(2));
        Quantization kept = pc.selectChannels(new int[] {0, 2});
        assertArrayEquals(new float[] {1f, 3f}, kept.scales());
        assertArrayEquals(new long[] {0, 2}, kept.zeroPoints());
        assertEquals(3, kept.quantizedDimension());
        assertFalse(Q.perChannel());
        assertEquals(0.25f, Q.scale(5), "per-tensor scale applies to every channel");
        assertEquals(-3, Q.zeroPoint(5));
        assertFalse(Quantization.NONE.isQuantized());
        assertEquals(pc, new Quantization(new float[] {1f, 2f, 3f}, new long[] {0, 1, 2}, 3));
        assertNotEquals(pc, new Quantization(new float[] {1f, 2f, 3f}, new long[] {0, 1, 2}, 0));
        float[] scales = pc.scales();
        scales[0] = 100f;
        assertEquals(1f, pc.scale(0));
    }

    @Test
    void graphAnswersProducersAndConsumers() {
        Graph g = smallGraph();
        assertEquals(0, g.producerOf(3).orElseThrow().index());
        assertTrue(g.producerOf(0).isEmpty(), "graph input has no producer");
        assertTrue(g.producerOf(1).isEmpty(), "constant has no producer");
        assertEquals(List.of(g.operator(1)), g.consumersOf(3));
        assertEquals(List.of(g.operator(0)), g.consumersOf(1));
        assertTrue(g.consumersOf(6).isEmpty());
        assertTrue(g.isTopologicallyOrdered());
        Operator fc = g.operator(0);
        assertEquals("w", fc.input(g, 1).name());
        assertEquals("fc", fc.output(g, 0).name());
        assertNull(fc.withInputs(new int[] {0, 1, -1}).input(g, 2));
        assertEquals(OpOptions.FullyConnectedOptions.class, fc.options(OpOptions.FullyConnectedOptions.class).getClass());
        IllegalStateException wrong = assertThrows(IllegalStateException.class,
                () -> fc.options(OpOptions.Conv2DOptions.class));
        assertTrue(wrong.getMessage().contains("operator 0 (FULLY_CONNECTED)"), wrong.getMessage());
    }

    @Test
    void graphDetectsOrderProblemsAndDanglingIndices() {
        Graph g = smallGraph();
        List<Operator> swapped = List.of(g.operator(1).withIndex(0), g.operator(0).withIndex(1), g.operator(2));
        Graph bad = g.withOperators(swapped);
        assertFalse(bad.isTopologicallyOrdered());
        InvalidGraphException e = assertThrows(InvalidGraphException.class, bad::requireTopologicalOrder);
        assertTrue(e.getMessage().contains("operator 0 (RELU)"), e.getMessage());
        InvalidGraphException dangling = assertThrows(InvalidGraphException.class,
                () -> g.withOperator(g.operator(1).withInputs(new int[] {42})));
        assertTrue(dangling.getMessage().contains("tensor 42"), dangling.getMessage());
        assertThrows(InvalidGraphException.class, () -> g.withOutputs(new int[] {-1}));
    }

    @Test
    void unusedTensorsAreRemovedAndIndicesRenumbered() {
        Graph g = smallGraph();
        int[] map = new int[g.tensors().size()];
        Graph compact = g.withoutUnusedTensors(map);
        assertEquals(7, compact.tensors().size());
        assertEquals(-1, map[7]);
        assertEquals(6, map[6]);
        assertEquals("out", compact.output(0).name());
        assertTrue(compact.isTopologicallyOrdered());
    }

    @Test
    void modelWithersDeriveChangedModels() {
        Model m = Model.of(smallGraph());
        Tensor w = m.main().tensor(1);
        Model changed = m.withMain(m.main().withTensor(w.withData(new byte[8])))
                .withMetadata("prunus", new byte[] {1});
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, m.main().tensor(1).data());
        assertArrayEquals(new byte[8], changed.main().tensor(1).data());
        assertArrayEquals(new byte[] {1}, changed.metadata("prunus").orElseThrow());
        assertTrue(m.metadata("prunus").isEmpty());
        assertEquals(1, changed.withMetadata("prunus", new byte[] {2}).metadata().size(), "replaces, not appends");
        assertTrue(changed.withoutMetadata("prunus").metadata().isEmpty());
        InvalidGraphException e = assertThrows(InvalidGraphException.class, () -> m.withSignatureDefs(List.of(
                new SignatureDef("s", 0, List.of(new SignatureDef.TensorMap("x", 99)), List.of()))));
        assertTrue(e.getMessage().contains("tensor 99"), e.getMessage());
    }
}
