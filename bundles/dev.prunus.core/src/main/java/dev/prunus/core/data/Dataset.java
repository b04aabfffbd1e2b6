package dev.prunus.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.prunus.core.ir.TensorType;

/**
 * Labelled samples ready for one model's input: each sample as the exact bytes of the input tensor
 * ({@link #input}) and as the real-valued input before quantization ({@link #real}, for a float training engine and
 * augmentation), the labels (index = model output) and the class names. Made by {@link DataReader}.
 *
 * <p>Mapping of a sample value v to the real input x, unless {@link Preprocessing} overrides it:
 * <ul>
 * <li>pixels (images, uint8 arrays and records): 0..255 span the input's whole real range,
 * {@code x = s * (p - 128 - zp)}, so that {@code q = p - 128} for every scale and zero point (s = 1/255, zp = -128
 * gives x = p/255 in [0, 1]; s = 1, zp = -128 gives x = p). A FLOAT32 input gets p / 255;</li>
 * <li>int8 values (.s8 records, int8 arrays): they are the input tensor's bytes, {@code x = s * (q - zp)};</li>
 * <li>16-bit audio: {@code x = v / 32768};</li>
 * <li>real values (float arrays, CSV): x = v.</li>
 * </ul>
 * Then {@code q = clamp(round(x / s) + zp, -128, 127)} ({@link InputQuantizer}). Immutable.
 */
public final class Dataset {

    private final RawData raw;
    private final InputSpec spec;
    private final Preprocessing pre;
    private final Path source;
    private final double[] mean;
    private final double[] std;
    private final String description;

    Dataset(RawData raw, InputSpec spec, Preprocessing pre, Path source) {
        this.raw = raw;
        this.spec = spec;
        this.pre = pre;
        this.source = source;
        if (raw.length != spec.elementCount()) {
            throw new DataException(DataException.Problem.SHAPE, source, "a sample holds " + raw.length
                    + " values; the model's input " + spec.shapeText() + " takes " + spec.elementCount());
        }
        if (raw.count == 0) {
            throw new DataException(DataException.Problem.EMPTY_CLASS, source, "holds no sample");
        }
        if (raw.classNames != null && raw.classNames.size() != spec.classes()) {
            throw new DataException(DataException.Problem.CLASS_COUNT, source, "has " + raw.classNames.size()
                    + " classes " + abbreviate(raw.classNames) + ", the model has " + spec.classes()
                    + " outputs; give one class per output (a labels.txt lists them in output order)");
        }
        if (raw.labels != null) {
            if (raw.labels.length != raw.count) {
                throw new DataException(DataException.Problem.LABEL_COUNT, source, raw.count + " samples but "
                        + raw.labels.length + " labels; give one label per sample, in sample order");
            }
            for (int i = 0; i < raw.labels.length; i++) {
                if (raw.labels[i] < 0 || raw.labels[i] >= spec.classes()) {
                    throw new DataException(DataException.Problem.LABEL_RANGE, source, "label " + raw.labels[i]
                            + " of sample " + i + " is outside 0.." + (spec.classes() - 1) + " (the model has "
                            + spec.classes() + " outputs)");
                }
            }
        }
        this.mean = perChannel(pre.mean(), 0, "mean");
        this.std = perChannel(pre.std(), 1, "std");
        for (double d : std) {
            if (d == 0) {
                throw new DataException(DataException.Problem.PREPROCESSING, null, "std must not be 0");
            }
        }
        this.description = describe();
    }

    private double[] perChannel(List<Double> values, double unset, String name) {
        int c = spec.channels();
        double[] v = new double[c];
        if (values == null || values.isEmpty()) {
            java.util.Arrays.fill(v, unset);
            return v;
        }
        if (values.size() != 1 && values.size() != c) {
            throw new DataException(DataException.Problem.PREPROCESSING, null, name + " has " + values.size()
                    + " values, the model's input " + spec.shapeText() + " has " + c + " channel"
                    + (c == 1 ? "" : "s") + "; give one value, or one per channel");
        }
        for (int i = 0; i < c; i++) {
            v[i] = values.get(values.size() == 1 ? 0 : i);
        }
        return v;
    }

    public int size() {
        return raw.count;
    }

    public InputSpec spec() {
        return spec;
    }

    public boolean hasLabels() {
        return raw.labels != null;
    }

    /** Class index of sample {@code i} (= the model output that should win). */
    public int label(int i) {
        if (raw.labels == null) {
            throw new IllegalStateException("this data has no labels");
        }
        return raw.labels[i];
    }

    /** A copy of all labels, or null when the data has none. */
    public int[] labels() {
        return raw.labels == null ? null : raw.labels.clone();
    }

    /** Class names in output order: from the folder names or labels.txt, else "0", "1", ... */
    public List<String> classNames() {
        if (raw.classNames != null) {
            return raw.classNames;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < spec.classes(); i++) {
            names.add(Integer.toString(i));
        }
        return names;
    }

    /** Where the samples came from, what was converted and how values map to the input, for reports. */
    public String description() {
        return description;
    }

    /** The real-valued model input of sample {@code i}, before quantization (flat, in the input's layout). */
    public float[] real(int i) {
        float[] x = new float[raw.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = (float) realValue(i, k);
        }
        return x;
    }

    /** The exact bytes of the input tensor for sample {@code i}: int8 values, or little-endian float32. */
    public byte[] input(int i) {
        int n = raw.length;
        if (spec.type() == TensorType.FLOAT32) {
            ByteBuffer b = ByteBuffer.allocate(n * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int k = 0; k < n; k++) {
                b.putFloat((float) realValue(i, k));
            }
            return b.array();
        }
        byte[] q = new byte[n];
        if (raw.kind == RawData.Kind.INT8_INPUT && !pre.overridesMapping()) {
            for (int k = 0; k < n; k++) {
                q[k] = raw.int8(i, k);
            }
            return q;
        }
        for (int k = 0; k < n; k++) {
            q[k] = InputQuantizer.quantize(realValue(i, k), spec.scale(), spec.zeroPoint());
        }
        return q;
    }

    private double realValue(int s, int k) {
        double v = raw.value(s, k);
        if (pre.overridesMapping()) {
            int c = k % spec.channels();
            double x = v;
            if (pre.scale() != null) {
                x *= pre.scale();
            }
            if (pre.offset() != null) {
                x += pre.offset();
            }
            return (x - mean[c]) / std[c];
        }
        boolean int8 = spec.type() == TensorType.INT8;
        return switch (raw.kind) {
            case PIXELS -> int8 ? spec.scale() * (v - 128 - spec.zeroPoint()) : v / 255.0;
            case INT8_INPUT -> int8 ? spec.scale() * (v - spec.zeroPoint()) : v;
            case AUDIO -> v / 32768.0;
            case REAL -> v;
        };
    }

    private String describe() {
        StringBuilder b = new StringBuilder(raw.description);
        b.append("\n").append(mappingText());
        if (spec.type() == TensorType.INT8) {
            int zp = spec.zeroPoint();
            b.append("\nquantization: q = clamp(round(x / ").append(g(spec.scale())).append(")")
                    .append(zp == 0 ? "" : zp < 0 ? " - " + -zp : " + " + zp)
                    .append(", -128, 127), round half away from zero");
        } else {
            b.append("\nFLOAT32 input: x as it is");
        }
        return b.toString();
    }

    private String mappingText() {
        if (pre.overridesMapping()) {
            return "values: x = (v * " + g(pre.scale() == null ? 1 : pre.scale()) + " + "
                    + g(pre.offset() == null ? 0 : pre.offset()) + " - mean) / std, mean " + list(mean) + ", std "
                    + list(std) + " (from the preprocessing settings)";
        }
        boolean int8 = spec.type() == TensorType.INT8;
        return switch (raw.kind) {
            case PIXELS -> int8
                    ? "pixels: 0..255 span the input's range [" + g(spec.realMin()) + ", " + g(spec.realMax())
                            + "]: x = " + pixelFormula() + ", so that q = p - 128"
                    : "pixels: x = p / 255, in [0, 1]";
            case INT8_INPUT -> "int8 values are the input tensor's bytes: q = v";
            case AUDIO -> "audio: x = v / 32768, in [-1, 1)";
            case REAL -> "values: x = v (the model's real-valued input as given)";
        };
    }

    /** s * (p - 128 - zp), written without factors of 1 and terms of 0. */
    private String pixelFormula() {
        int shift = 128 + spec.zeroPoint();
        String p = shift == 0 ? "p" : shift > 0 ? "(p - " + shift + ")" : "(p + " + -shift + ")";
        if (spec.scale() == 1) {
            return p.startsWith("(") ? p.substring(1, p.length() - 1) : p;
        }
        return g(spec.scale()) + " * " + p;
    }

    private static String list(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(g(v[i]));
        }
        return b.append("]").toString();
    }

    static String g(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e9) {
            return Long.toString((long) v);
        }
        // Six significant digits without trailing zeros: 0.00392157, 1, 2.5e-05.
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+($|e)", "$1$2")
                .replaceAll("\\.($|e)", "$1");
    }

    static String abbreviate(List<String> names) {
        if (names.size() <= 12) {
            return names.toString();
        }
        return names.subList(0, 12).toString().replace("]", ", ...]");
    }
}
