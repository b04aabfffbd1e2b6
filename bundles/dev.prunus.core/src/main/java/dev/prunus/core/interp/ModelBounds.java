package dev.prunus.core.interp;

import java.util.Arrays;
import java.util.Locale;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

/**
 * Checks of a whole graph that no single operator makes, run once before anything is allocated: a model file of a
 * few bytes can declare tensors of gigabytes, dimensions of zero or scales of NaN, and each of those would
 * otherwise surface as an out-of-memory error, a division by zero or silently wrong C. Every failure is an
 * {@link UnsupportedModelException} naming the tensor, what is wrong and how to fix it.
 */
final class ModelBounds {

    /**
     * Largest run-time (non-constant) tensor accepted: constant data is bounded by the file's size, run-time tensors
     * only by their declared shape. Microcontrollers have at most a few MB of RAM, so this leaves a wide margin.
     */
    static final long MAX_TENSOR_BYTES = 64L << 20;

    /** Largest sum of all run-time tensors accepted (the interpreter may hold each in its own buffer). */
    static final long MAX_RUNTIME_BYTES = 256L << 20;

    private ModelBounds() {
    }

    static void check(Graph g) {
        if (g.inputs().length == 0) {
            throw new UnsupportedModelException(-1, null, -1, "the model has no input tensor; re-export it with its "
                    + "inputs listed in the subgraph");
        }
        if (g.outputs().length == 0) {
            throw new UnsupportedModelException(-1, null, -1, "the model has no output tensor, so an inference "
                    + "computes nothing; re-export it with its outputs listed in the subgraph");
        }
        // Tensors operators read or write (LSTM intermediates may legitimately be empty).
        java.util.BitSet used = new java.util.BitSet(g.tensors().size());
        for (dev.prunus.core.ir.Operator op : g.operators()) {
            for (int t : op.inputs()) {
                if (t >= 0) {
                    used.set(t);
                }
            }
            for (int t : op.outputs()) {
                used.set(t);
            }
        }
        long total = 0;
        for (Tensor t : g.tensors()) {
            checkQuantization(t);
            if (t.hasData() && !t.isVariable()) {
                continue;
            }
            for (int d : t.shape()) {
                if (d == 0 && (used.get(t.index()) || g.isGraphInput(t.index()) || g.isGraphOutput(t.index()))) {
                    throw new UnsupportedModelException(-1, null, t.index(), "tensor " + t.index() + " '" + t.name()
                            + "' has shape " + Arrays.toString(t.shape()) + " with a dimension of 0; every dimension "
                            + "must be at least 1 (export the model with batch size 1 and fixed input sizes)");
                }
            }
            long bytes = (long) t.elementCount() * Math.max(1, t.type().byteSize());
            if (bytes > MAX_TENSOR_BYTES) {
                throw new UnsupportedModelException(-1, null, t.index(), String.format(Locale.ROOT,
                        "tensor %d '%s' %s needs %,d bytes at run time; Prunus accepts at most %,d per tensor "
                                + "(microcontrollers have a few MB of RAM): reduce the model's input size",
                        t.index(), t.name(), Arrays.toString(t.shape()), bytes, MAX_TENSOR_BYTES));
            }
            total += bytes;
        }
        if (total > MAX_RUNTIME_BYTES) {
            throw new UnsupportedModelException(-1, null, -1, String.format(Locale.ROOT,
                    "the model's run-time tensors need %,d bytes together; Prunus accepts at most %,d: reduce the "
                            + "model's input size or its number of layers", total, MAX_RUNTIME_BYTES));
        }
    }

    /** Scales finite and above 0, zero points inside the element type's range. */
    private static void checkQuantization(Tensor t) {
        Quantization q = t.quantization();
        float[] scales = q.scales();
        for (int c = 0; c < scales.length; c++) {
            float s = scales[c];
            if (!(s > 0) || Float.isInfinite(s)) {
                throw new UnsupportedModelException(-1, null, t.index(), "tensor " + t.index() + " '" + t.name()
                        + "' has quantization scale " + s + (scales.length > 1 ? " for channel " + c : "")
                        + "; scales must be finite and above 0 (re-quantize the model, e.g. with prunus quantize)");
            }
        }
        long lo;
        long hi;
        if (t.type() == TensorType.INT8) {
            lo = -128;
            hi = 127;
        } else if (t.type() == TensorType.UINT8) {
            lo = 0;
            hi = 255;
        } else {
            return;
        }
        long[] zps = q.zeroPoints();
        for (int c = 0; c < zps.length; c++) {
            if (zps[c] < lo || zps[c] > hi) {
                throw new UnsupportedModelException(-1, null, t.index(), "tensor " + t.index() + " '" + t.name()
                        + "' has zero point " + zps[c] + (zps.length > 1 ? " for channel " + c : "") + ", outside "
                        + t.type() + "'s range [" + lo + ", " + hi + "] (re-quantize the model)");
            }
        }
    }
}
