package dev.prunus.core.prune;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.TraceListener;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.progress.Progress;

/** Runs a model over input records through the interpreter, capturing chosen tensors; honours cancellation. */
final class Tracer {

    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private Tracer() {
    }

    /** Splits a raw concatenation of input records; a length that is not a multiple is an error naming the file. */
    static List<byte[]> records(Model model, byte[] data, String what) {
        List<byte[]> out = new ArrayList<>();
        if (data == null) {
            return out;
        }
        if (model.main().inputs().length != 1) {
            throw new PruneException("the model has " + model.main().inputs().length + " inputs; " + what
                    + " records are only supported for single-input models");
        }
        Tensor in = model.main().input(0);
        int size = in.byteSize();
        if (size == 0 || data.length % size != 0) {
            throw new PruneException("the " + what + " file has " + data.length + " bytes, which is not a whole number of "
                    + size + "-byte records of the input tensor " + in);
        }
        for (int off = 0; off < data.length; off += size) {
            out.add(java.util.Arrays.copyOfRange(data, off, off + size));
        }
        return out;
    }

    /**
     * Runs every record and returns, per record, the bytes of the wanted tensors (graph inputs and operator
     * outputs). The run stops after the last operator that writes a wanted tensor when {@code stopEarly}.
     */
    static List<Map<Integer, byte[]>> capture(Interpreter interp, List<byte[]> records, Set<Integer> wanted,
            boolean stopEarly, Progress progress) {
        int lastOp = -1;
        for (Operator op : interp.graph().operators()) {
            if (wanted.contains(op.outputIndex(0))) {
                lastOp = op.index();
            }
        }
        int stopAt = stopEarly ? lastOp : Integer.MAX_VALUE;
        int input = interp.graph().inputs()[0];
        List<Map<Integer, byte[]>> out = new ArrayList<>(records.size());
        for (byte[] r : records) {
            progress.checkCanceled();
            Map<Integer, byte[]> m = new HashMap<>();
            if (wanted.contains(input)) {
                m.put(input, r);
            }
            TraceListener listener = (op, tensor, bytes) -> {
                if (wanted.contains(tensor)) {
                    m.put(tensor, bytes);
                }
                if ((op.index() & 3) == 3) {
                    progress.checkCanceled();
                }
                if (op.index() >= stopAt) {
                    throw new Stop();
                }
            };
            // Calibration records are independent samples, and a stopped run leaves the state half updated.
            interp.reset();
            try {
                interp.run(new byte[][] {r}, listener);
            } catch (Stop stop) {
                // all wanted tensors captured
            }
            out.add(m);
        }
        return out;
    }

    /** Output 0 of every record, and when the graph output is a SOFTMAX, its input (the logits) instead. */
    static List<byte[]> logits(Interpreter interp, List<byte[]> records, Progress progress) {
        int t = logitsTensor(interp.graph());
        List<Map<Integer, byte[]>> cap = capture(interp, records, Set.of(t), false, progress);
        List<byte[]> out = new ArrayList<>(cap.size());
        for (Map<Integer, byte[]> m : cap) {
            out.add(m.get(t));
        }
        return out;
    }

    /** The tensor whose values measure output distortion: the input of a final SOFTMAX, else graph output 0. */
    static int logitsTensor(dev.prunus.core.ir.Graph g) {
        int out = g.outputs()[0];
        Operator p = g.producerOf(out).orElse(null);
        if (p != null && p.type() == dev.prunus.core.ir.OpType.SOFTMAX) {
            return p.inputIndex(0);
        }
        return out;
    }
}
