package dev.prunus.core.codegen;

import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.quant.QuantMath;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the operators' C emitters write into, and the helpers they share: constant arrays and parameter structs
 * ({@link #data()}), kernel calls ({@link #body()}), the runtime headers and sources the calls need, and arena
 * addresses from the memory plan. {@link CGenerator} drives it, one operator at a time, and assembles the files.
 */
public record CEmission(Graph graph, ArenaPlan plan, PackPlan pack, StringBuilder data, StringBuilder body,
        Set<String> headers, Set<String> sources, Set<String> helpers) {

    // data: constant arrays, parameter structs and file-local helpers, in emission order; body: the statements of
    // <name>_invoke, in operator order; headers, sources: the runtime files the generated code includes and needs;
    // helpers: file-local helpers already emitted.

    /** An empty emission over a planned graph ({@code pack} null: all dense). */
    static CEmission of(Graph graph, ArenaPlan plan, PackPlan pack) {
        return new CEmission(graph, plan, pack, new StringBuilder(), new StringBuilder(), new TreeSet<>(),
                new TreeSet<>(), new HashSet<>());
    }

    /** Adds a runtime file (path relative to the runtime root, e.g. {@code src/pn_add_s8.c}) to the output. */
    public void source(String path) {
        sources.add(path);
    }

    /** Adds a runtime header (relative to {@code runtime/include}) to the generated file's includes. */
    public void header(String name) {
        headers.add(name);
    }

    /** True the first time a file-local helper of this name is asked for: the caller emits it then. */
    public boolean firstUseOf(String helper) {
        return helpers.add(helper);
    }

    /** Input {@code i} of an operator. */
    public Tensor input(Operator op, int i) {
        return graph.tensor(op.inputIndex(i));
    }

    /** Output 0 of an operator. */
    public Tensor output(Operator op) {
        return graph.tensor(op.outputIndex(0));
    }

    // ------------------------------------------------------------------------------------------------ arena

    /** Arena byte offset of a tensor. */
    public int offset(int tensor) {
        return plan.offset(tensor);
    }

    /** {@code (arena + offset)} of a tensor. */
    public String at(int tensor) {
        int off = plan.offset(tensor);
        if (off < 0) {
            throw new CodegenException(-1, "tensor " + graph.tensor(tensor) + " has no place in the arena plan");
        }
        return "(arena + " + off + ")";
    }

    public String in8(int tensor) {
        return "(const int8_t *)" + at(tensor);
    }

    public String out8(int tensor) {
        return "(int8_t *)" + at(tensor);
    }

    /**
     * The scratch argument of operator {@code op}: its planned slot, which must hold exactly the {@code bytes} the
     * kernel asks for ({@link KernelScratch} is the one source of both), or NULL when the kernel needs none.
     */
    public String scratch(Operator op, int bytes) {
        int planned = KernelScratch.bytes(graph, op, pack);
        if (planned != bytes) {
            throw new IllegalStateException("operator " + op.index() + " (" + op.displayName() + "): the kernel "
                    + "needs " + bytes + " bytes of scratch, the planner reserved " + planned);
        }
        if (bytes == 0) {
            return "NULL";
        }
        for (ArenaPlan.Scratch s : plan.scratch()) {
            if (s.operatorIndex() == op.index()) {
                return "arena + " + s.offset();
            }
        }
        throw new IllegalStateException("operator " + op.index() + " has no scratch slot in the arena plan");
    }

    // ------------------------------------------------------------------------------------------------ data

    /** The C name prefix of an operator's arrays and structs. */
    public String prefix(Operator op) {
        return "op" + op.index();
    }

    public void bytesArray(String cName, byte[] bytes) {
        data.append("static const int8_t ").append(cName).append("[").append(Math.max(bytes.length, 1))
                .append("] PN_GEN_ALIGN4 = {");
        for (int i = 0; i < bytes.length; i++) {
            data.append(i % 24 == 0 ? "\n    " : " ").append(bytes[i]).append(',');
        }
        if (bytes.length == 0) {
            data.append("0");
        }
        data.append("\n};\n");
    }

    /** A constant float array, every value exact (shortest decimal that reads back as the same float). */
    public void floatArray(String cName, float[] values) {
        data.append("static const float ").append(cName).append('[').append(Math.max(values.length, 1))
                .append("] = {");
        for (int i = 0; i < values.length; i++) {
            data.append(i % 8 == 0 ? "\n    " : " ").append(floatValue(values[i])).append(',');
        }
        if (values.length == 0) {
            data.append("0");
        }
        data.append("\n};\n");
    }

    /** A C float expression for any value: a literal, or INFINITY / NAN (math.h) for the others. */
    public static String floatValue(float f) {
        if (Float.isNaN(f)) {
            return "NAN";
        }
        if (Float.isInfinite(f)) {
            return f > 0 ? "INFINITY" : "-INFINITY";
        }
        return floatLiteral(f);
    }

    /** A constant integer array; {@code type} is a C type name such as {@code int32_t} or {@code uint16_t}. */
    public void intArray(String type, String cName, long[] values) {
        data.append("static const ").append(type).append(' ').append(cName).append('[')
                .append(Math.max(values.length, 1)).append("] = {");
        for (int i = 0; i < values.length; i++) {
            data.append(i % 12 == 0 ? "\n    " : " ").append(intLiteral(type, values[i])).append(',');
        }
        if (values.length == 0) {
            data.append("0");
        }
        data.append("\n};\n");
    }

    private static String intLiteral(String type, long v) {
        if (type.equals("int32_t") && v == Integer.MIN_VALUE) {
            return "(-2147483647 - 1)";
        }
        if (type.startsWith("uint")) {
            return v + "u";
        }
        return Long.toString(v);
    }

    /** The int32 values of a constant tensor, widened. */
    public static long[] ints(Tensor t) {
        int[] v = new int[t.elementCount()];
        t.dataView().asIntBuffer().get(v);
        return Arrays.stream(v).asLongStream().toArray();
    }

    /** Bias array name, or NULL when the operator has none. */
    public String bias(Operator op, int slot) {
        if (op.inputCount() <= slot || op.inputIndex(slot) < 0) {
            return "NULL";
        }
        String n = prefix(op) + "_bias";
        intArray("int32_t", n, ints(graph.tensor(op.inputIndex(slot))));
        return n;
    }

    /** A {@code pn_per_channel_quant} of the multipliers; returns its address expression. */
    public String perChannelQuant(Operator op, QuantMath.Multiplier[] ms) {
        long[] m = new long[ms.length];
        long[] s = new long[ms.length];
        for (int i = 0; i < ms.length; i++) {
            m[i] = ms[i].multiplier();
            s[i] = ms[i].shift();
        }
        String p = prefix(op);
        intArray("int32_t", p + "_mult", m);
        intArray("int32_t", p + "_shift", s);
        data.append("static const pn_per_channel_quant ").append(p).append("_quant = {").append(p).append("_mult, ")
                .append(p).append("_shift};\n");
        return "&" + p + "_quant";
    }

    public String dims(String cName, int n, int h, int w, int c) {
        data.append("static const pn_dims ").append(cName).append(" = {").append(n).append(", ").append(h)
                .append(", ").append(w).append(", ").append(c).append("};\n");
        return "&" + cName;
    }

    /** Shape padded to rank 4 from the front. */
    public String dims4(String cName, int[] shape) {
        if (shape.length > 4) {
            throw new CodegenException(-1, "tensor rank " + shape.length + " is above the runtime's 4");
        }
        int[] d = {1, 1, 1, 1};
        System.arraycopy(shape, 0, d, 4 - shape.length, shape.length);
        return dims(cName, d[0], d[1], d[2], d[3]);
    }

    public static String tile(int w, int h) {
        return "{" + w + ", " + h + "}";
    }

    public static String act(QuantMath.ActivationRange r) {
        return "{" + r.min() + ", " + r.max() + "}";
    }

    public static float scale(Tensor t) {
        return t.quantization().scale(0);
    }

    public static int zp(Tensor t) {
        return (int) t.quantization().zeroPoint(0);
    }

    public static String floatLiteral(float f) {
        return Float.toString(f).replace('E', 'e') + "f";
    }

    /** The int8 clamp range of a fused activation; TANH and SIGN_BIT have no C kernel. */
    public QuantMath.ActivationRange range(Operator op, Activation a, Tensor out) {
        if (a == Activation.TANH || a == Activation.SIGN_BIT) {
            throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                    + "): fused activation " + a + " has no C kernel");
        }
        return QuantMath.activationRangeInt8(a, scale(out), zp(out));
    }

    /** A checked kernel call: on a non-PN_OK status {@code <name>_invoke} returns 1 + the operator index. */
    public void call(Operator op, String kernel, String args) {
        headers.add(headerOf(kernel));
        body.append("    /* operator ").append(op.index()).append(": ").append(op.displayName()).append(" */\n")
                .append("    if (").append(kernel).append("(").append(args).append(") != PN_OK) {\n")
                .append("        return ").append(op.index() + 1).append(";\n    }\n");
    }

    private static String headerOf(String kernel) {
        return switch (kernel) {
            case "pn_conv_s8", "pn_conv_s8_1x1", "pn_conv_s8_3x3", "pn_depthwise_conv_s8",
                    "pn_depthwise_conv_s8_3x3", "pn_fully_connected_s8", "pn_fully_connected_s8_per_channel",
                    "pn_avgpool_s8", "pn_maxpool_s8" -> "pn_kernels.h";
            case "pn_quantize_s8", "pn_quantize_f32_s8", "pn_dequantize_s8" -> "pn_quantize_s8.h";
            case "pn_relu6_s8" -> "pn_relu_s8.h";
            case "pn_squared_difference_s8" -> "pn_sub_s8.h";
            default -> kernel + ".h";
        };
    }

    /** A CodegenException naming the operator. */
    public static CodegenException fail(Operator op, String message) {
        return new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName() + "): "
                + message);
    }
}
