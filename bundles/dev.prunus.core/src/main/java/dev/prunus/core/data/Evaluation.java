package dev.prunus.core.data;

import java.util.List;
import java.util.Locale;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.progress.Progress;

/**
 * Top-1 accuracy of a model on labelled data with the bit-exact interpreter (or any classifier): the predicted class
 * is the first largest value of output 0 (ties go to the lower index, as numpy.argmax). Labelled samples are
 * independent: the interpreter's variable tensors (LSTM state) are reset before each one, as TFLite Micro's accuracy
 * runs do ({@code interpreter.Reset()} per sample); carried over, they cost trained_lstm_int8 69 of 1,000 MNIST digits.
 *
 * @param classNames class names in output order
 * @param confusion  {@code confusion[label][predicted]} sample counts
 */
public record Evaluation(List<String> classNames, int[][] confusion) {

    /** Runs every sample from the initial state (see above); checks for cancellation before each one. */
    public static Evaluation run(Interpreter interpreter, Dataset data, Progress progress) {
        Graph g = interpreter.graph();
        TensorType outType = g.tensor(g.outputs()[0]).type();
        return run(i -> {
            interpreter.reset();
            return argmax(interpreter.run(data.input(i)), outType);
        }, data, progress);
    }

    /**
     * Scores any classifier (a float model's evaluation, for example): {@code predict} answers the predicted class
     * of sample i.
     */
    public static Evaluation run(java.util.function.IntUnaryOperator predict, Dataset data, Progress progress) {
        if (!data.hasLabels()) {
            throw new DataException(DataException.Problem.LABEL_COUNT, null, "the data has no labels; give a labels "
                    + "file (one class index per line) to measure accuracy");
        }
        int k = data.spec().classes();
        int[][] confusion = new int[k][k];
        progress.begin("Evaluating " + data.size() + " samples", data.size());
        for (int i = 0; i < data.size(); i++) {
            progress.checkCanceled();
            confusion[data.label(i)][predict.applyAsInt(i)]++;
            progress.worked(1);
        }
        return new Evaluation(data.classNames(), confusion);
    }

    /** Index of the first largest value of float scores (a float model's output). */
    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Index of the first largest value of an output tensor's bytes (int8, uint8, int16, int32 or float32). */
    static int argmax(byte[] bytes, TensorType type) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int n = bytes.length / type.byteSize();
        int best = 0;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = switch (type) {
                case INT8 -> bytes[i];
                case UINT8 -> bytes[i] & 0xff;
                case INT16 -> b.getShort(2 * i);
                case INT32 -> b.getInt(4 * i);
                case FLOAT32 -> b.getFloat(4 * i);
                default -> throw new DataException(DataException.Problem.SHAPE, null, "the model's output is " + type
                        + "; accuracy needs an INT8, UINT8, INT16, INT32 or FLOAT32 output");
            };
            if (v > bestValue) {
                bestValue = v;
                best = i;
            }
        }
        return best;
    }

    public int total() {
        int n = 0;
        for (int[] row : confusion) {
            for (int v : row) {
                n += v;
            }
        }
        return n;
    }

    public int correct() {
        int n = 0;
        for (int i = 0; i < confusion.length; i++) {
            n += confusion[i][i];
        }
        return n;
    }

    /** Samples labelled {@code c}. */
    public int classTotal(int c) {
        int n = 0;
        for (int v : confusion[c]) {
            n += v;
        }
        return n;
    }

    /** Top-1 accuracy in percent (0 for no samples). */
    public double top1Percent() {
        return total() == 0 ? 0 : 100.0 * correct() / total();
    }

    /** The headline, e.g. {@code top1 414/466 (88.84%)}. */
    public String top1Text() {
        return String.format(Locale.ROOT, "top1 %d/%d (%.2f%%)", correct(), total(), top1Percent());
    }
}
