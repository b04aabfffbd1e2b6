package dev.prunus.core.codegen;

import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.UnsupportedModelException;
import dev.prunus.core.interp.kernels.Activations;
import dev.prunus.core.interp.kernels.Arithmetic;
import dev.prunus.core.interp.kernels.ConvGeometry;
import dev.prunus.core.interp.kernels.Softmax;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.pack.Kernel;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.pack.PackedWeights;
import dev.prunus.core.pack.SparsePacker;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.quant.QuantMath;
import dev.prunus.runtime.RuntimeSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates C99 sources for the main graph of an int8 model: {@code <name>.h} (the C API of DESIGN.md),
 * {@code <name>.c} (constant weights, bias, requantization arrays and sparse indexes, one runtime kernel call per
 * operator over an arena planned offline by {@link MemoryPlanner}), and {@code runtime/include/...},
 * {@code runtime/src/...}: exactly the runtime files the model uses. Compile with {@code -Iruntime/include}.
 *
 * <p>Every parameter is derived as the reference interpreter derives it ({@link QuantMath} multipliers,
 * {@link Arithmetic.AddParams}, {@link Softmax}, {@link Activations.InputScaling}), so the C output is bit-exact
 * with {@link Interpreter}. Kernel variants (1x1, 3x3, generic; dense or sparse per {@link PackPlan}) are chosen
 * by {@link KernelScratch#kernelOf} (the same choice the planner makes). Kernel scratch lives in the planner's
 * scratch slot of the operator, of exactly {@link KernelScratch#bytes} bytes: the generated arena is
 * {@link MemoryPlanner#plan(Graph, PackPlan)}'s arena, byte for byte. A DEPTHWISE_CONV_2D with one input channel
 * is lowered to a CONV_2D (its 1HWO weights are the OHWI weights of a convolution with cin = 1).
 *
 * <p>Variable tensors (the UNIDIRECTIONAL_SEQUENCE_LSTM states) live in the arena and are reset at the start of
 * every {@code <name>_invoke} (int8: the zero point; int16: 0), as TFLM's ResetVariableTensors between inferences
 * and the reference interpreter do: each inference is independent of the previous one.
 *
 * <p>Graph inputs and outputs are INT8, or FLOAT32 around QUANTIZE / DEQUANTIZE; the C API passes both as bytes
 * ({@code int8_t *}; cast to {@code float *} for a FLOAT32 tensor, which the header states).
 *
 * <p>Output is deterministic: the same model, name and plan give the same bytes.
 */
public final class CGenerator {

    /** Operators with a C kernel. */
    public static final Set<OpType> SUPPORTED = EnumSet.of(OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D,
            OpType.FULLY_CONNECTED, OpType.AVERAGE_POOL_2D, OpType.MAX_POOL_2D, OpType.ADD, OpType.MUL,
            OpType.SOFTMAX, OpType.RESHAPE, OpType.LOGISTIC, OpType.TANH, OpType.QUANTIZE, OpType.DEQUANTIZE,
            OpType.RELU, OpType.RELU6, OpType.PAD, OpType.MEAN, OpType.CONCATENATION,
            OpType.UNIDIRECTIONAL_SEQUENCE_LSTM);

    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]*");
    private static final Pattern INCLUDE = Pattern.compile("#include \"([^\"]+)\"");

    /** Where everything sits in the arena, as generated. */
    public record Layout(int arenaBytes, int plannerArenaBytes, int inputOffset, int outputOffset, int inputBytes,
            int outputBytes, List<String> runtimeFiles) {
    }

    private final Graph g;
    private final String name;
    private final String upper;
    private final ArenaPlan plan;
    private final PackPlan pack;
    private final StringBuilder data = new StringBuilder();
    private final StringBuilder body = new StringBuilder();
    private final StringBuilder reset = new StringBuilder();
    private final Set<String> headers = new TreeSet<>();
    private final Set<String> sources = new TreeSet<>();
    private boolean meanHelper;

    private CGenerator(Model model, String name, PackPlan pack) {
        this.g = model.main();
        this.name = name;
        this.upper = name.toUpperCase(Locale.ROOT);
        this.plan = MemoryPlanner.plan(g, pack);
        this.pack = pack;
    }

    /** Dense or sparse per {@link PackPlanner#plan(Graph, String) PackPlanner.plan(main, "m4")}. */
    public static SortedMap<String, byte[]> generate(Model model, String symbolName, Progress progress) {
        check(model, symbolName);
        return generate(model, symbolName, PackPlanner.plan(model.main(), "m4"), progress);
    }

    /**
     * @param symbolName C identifier prefix: lower case letters, digits and underscores, not starting with a digit
     * @param pack       per-layer formats (sparse layers get the sparse kernels)
     * @return file contents by path relative to the output folder
     * @throws CodegenException naming the operator when the model cannot be generated
     */
    public static SortedMap<String, byte[]> generate(Model model, String symbolName, PackPlan pack,
            Progress progress) {
        check(model, symbolName);
        CGenerator gen = new CGenerator(model, symbolName, pack);
        return gen.run(progress);
    }

    /** The arena layout {@link #generate} produces (without producing the files). */
    public static Layout layout(Model model, String symbolName, PackPlan pack) {
        check(model, symbolName);
        CGenerator gen = new CGenerator(model, symbolName, pack);
        gen.run(Progress.NONE);
        Tensor in = gen.g.input(0);
        Tensor out = gen.g.output(0);
        return new Layout(gen.plan.arenaBytes(), gen.plan.arenaBytes(), gen.plan.offset(in.index()),
                gen.plan.offset(out.index()), in.byteSize(), out.byteSize(),
                List.copyOf(new TreeSet<>(gen.runtimeFiles())));
    }

    /** A valid C symbol derived from a file name ("vww_96_int8.tflite" gives "vww_96_int8"). */
    public static String symbolFor(String fileName) {
        String base = fileName.replaceAll("\\.tflite$", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (base.isEmpty() || Character.isDigit(base.charAt(0))) {
            base = "m_" + base;
        }
        return base;
    }

    private static void check(Model model, String symbolName) {
        if (symbolName == null || !NAME.matcher(symbolName).matches()) {
            throw new CodegenException(-1, "'" + symbolName + "' is not a valid C name prefix: use lower case "
                    + "letters, digits and '_', starting with a letter or '_'");
        }
        Graph g = model.main();
        for (Operator op : g.operators()) {
            if (!SUPPORTED.contains(op.type())) {
                throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                        + ") has no C kernel in the Prunus runtime; supported: " + supportedList());
            }
        }
        if (g.inputs().length != 1 || g.outputs().length != 1) {
            throw new CodegenException(-1, "the generated C API has one input and one output; the model has "
                    + g.inputs().length + " inputs and " + g.outputs().length + " outputs");
        }
        for (Tensor t : List.of(g.input(0), g.output(0))) {
            if (t.type() != TensorType.INT8 && t.type() != TensorType.FLOAT32) {
                throw new CodegenException(-1, "graph input/output " + t + " has type " + t.type()
                        + "; the generated C exchanges INT8 or FLOAT32 tensors only");
            }
        }
        try {
            Interpreter.create(model);
        } catch (UnsupportedModelException e) {
            throw new CodegenException(e.operatorIndex(), e.getMessage());
        }
    }

    private static String supportedList() {
        StringBuilder sb = new StringBuilder();
        for (OpType t : SUPPORTED) {
            sb.append(sb.length() == 0 ? "" : ", ").append(t.name());
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------ driver

    private SortedMap<String, byte[]> run(Progress progress) {
        progress.begin("Generating C for " + name, g.operators().size() + 1);
        headers.add("pn_common.h");
        for (Operator op : g.operators()) {
            progress.checkCanceled();
            emit(op);
            progress.worked(1);
        }
        SortedMap<String, byte[]> files = new TreeMap<>();
        files.put(name + ".h", utf8(header()));
        files.put(name + ".c", utf8(source()));
        for (String f : runtimeFiles()) {
            try {
                files.put("runtime/" + f, RuntimeSources.read(f));
            } catch (IOException e) {
                throw new UncheckedIOException("runtime file " + f + " is missing from dev.prunus.runtime", e);
            }
        }
        progress.worked(1);
        return files;
    }

    /** Runtime files: the kernels' sources and every header they and the generated code include, transitively. */
    private Set<String> runtimeFiles() {
        Set<String> files = new TreeSet<>();
        List<String> todo = new ArrayList<>();
        for (String h : headers) {
            todo.add("include/" + h);
        }
        todo.addAll(sources);
        while (!todo.isEmpty()) {
            String f = todo.remove(todo.size() - 1);
            if (!files.add(f)) {
                continue;
            }
            String text;
            try {
                text = new String(RuntimeSources.read(f), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("runtime file " + f + " is missing from dev.prunus.runtime", e);
            }
            Matcher m = INCLUDE.matcher(text);
            while (m.find()) {
                String inc = "include/" + m.group(1);
                if (!files.contains(inc)) {
                    todo.add(inc);
                }
            }
        }
        return files;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String header() {
        Tensor in = g.input(0);
        Tensor out = g.output(0);
        StringBuilder h = new StringBuilder();
        h.append("/*\n * ").append(name).append(": generated by Prunus from the model's main graph (")
                .append(g.operators().size()).append(" operators). Do not edit: regenerate instead.\n")
                .append(" *\n * Input:  ").append(describe(in)).append("\n * Output: ").append(describe(out))
                .append("\n *\n * Usage: static uint8_t arena[").append(upper).append("_ARENA_SIZE] (4-byte aligned); ")
                .append("write the input to\n * ").append(name).append("_input(arena), call ").append(name)
                .append("_invoke(arena), read ").append(name).append("_output(arena).\n")
                .append(" * Compile ").append(name).append(".c and the C files of runtime/src with -Iruntime/include (C99).\n */\n");
        String guard = upper + "_H";
        h.append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\n\n#include <stdint.h>\n\n")
                .append("#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
        h.append("/** Bytes of scratch and activations, planned offline. */\n#define ").append(upper)
                .append("_ARENA_SIZE ").append(plan.arenaBytes()).append("\n");
        h.append("/** Bytes of the input tensor ").append(Arrays.toString(in.shape())).append(". */\n#define ")
                .append(upper).append("_INPUT_SIZE ").append(in.byteSize()).append("\n");
        h.append("/** Bytes of the output tensor ").append(Arrays.toString(out.shape())).append(". */\n#define ")
                .append(upper).append("_OUTPUT_SIZE ").append(out.byteSize()).append("\n");
        quantDefines(h, "INPUT", in);
        quantDefines(h, "OUTPUT", out);
        h.append("\n");
        h.append("/** Where to write the input (").append(upper).append("_INPUT_SIZE bytes) in the arena. */\n")
                .append("int8_t *").append(name).append("_input(uint8_t *arena);\n\n");
        h.append("/** Where the output (").append(upper).append("_OUTPUT_SIZE bytes) appears after invoke. */\n")
                .append("int8_t *").append(name).append("_output(uint8_t *arena);\n\n");
        h.append("/**\n * Runs one inference over the arena (").append(upper)
                .append("_ARENA_SIZE bytes, 4-byte aligned).\n")
                .append(" * @return 0 on success, else 1 + the index of the operator whose kernel rejected its "
                        + "arguments\n */\n")
                .append("int ").append(name).append("_invoke(uint8_t *arena);\n\n");
        h.append("#ifdef __cplusplus\n}\n#endif\n\n#endif /* ").append(guard).append(" */\n");
        return h.toString();
    }

    private void quantDefines(StringBuilder h, String what, Tensor t) {
        String lower = what.toLowerCase(Locale.ROOT);
        if (t.type() == TensorType.FLOAT32) {
            h.append("/** The ").append(lower).append(" is float32 (cast ").append(name).append("_").append(lower)
                    .append("() to float *). */\n#define ").append(upper).append("_").append(what)
                    .append("_IS_FLOAT 1\n");
            return;
        }
        h.append("/** ").append(what.charAt(0)).append(lower.substring(1))
                .append(" quantization: real = scale * (q - zero_point). */\n#define ").append(upper).append("_")
                .append(what).append("_SCALE ").append(floatLiteral(t.quantization().scale(0))).append("\n#define ")
                .append(upper).append("_").append(what).append("_ZERO_POINT ").append(t.quantization().zeroPoint(0))
                .append("\n");
    }

    private static String describe(Tensor t) {
        if (t.type() == TensorType.FLOAT32) {
            return "float32 " + Arrays.toString(t.shape());
        }
        return "int8 " + Arrays.toString(t.shape()) + ", scale " + floatLiteral(t.quantization().scale(0))
                + ", zero point " + t.quantization().zeroPoint(0);
    }

    private static String floatLiteral(float f) {
        return Float.toString(f).replace('E', 'e') + "f";
    }

    private String source() {
        StringBuilder c = new StringBuilder();
        c.append("/* ").append(name).append(": generated by Prunus. Do not edit: regenerate instead. */\n");
        c.append("#include \"").append(name).append(".h\"\n");
        for (String h : headers) {
            c.append("#include \"").append(h).append("\"\n");
        }
        c.append("#include <string.h>\n\n");
        c.append("#if defined(__GNUC__)\n#define PN_GEN_ALIGN4 __attribute__((aligned(4)))\n#else\n"
                + "#define PN_GEN_ALIGN4\n#endif\n\n");
        c.append(data);
        Tensor in = g.input(0);
        Tensor out = g.output(0);
        c.append("int8_t *").append(name).append("_input(uint8_t *arena)\n{\n    return (int8_t *)(arena + ")
                .append(plan.offset(in.index())).append(");\n}\n\n");
        c.append("int8_t *").append(name).append("_output(uint8_t *arena)\n{\n    return (int8_t *)(arena + ")
                .append(plan.offset(out.index())).append(");\n}\n\n");
        c.append("int ").append(name).append("_invoke(uint8_t *arena)\n{\n");
        c.append(reset);
        c.append(body);
        c.append("    return 0;\n}\n");
        return c.toString();
    }

    // ------------------------------------------------------------------------------------------------ arena

    private String at(int tensor) {
        int off = plan.offset(tensor);
        if (off < 0) {
            throw new CodegenException(-1, "tensor " + g.tensor(tensor) + " has no place in the arena plan");
        }
        return "(arena + " + off + ")";
    }

    private String in8(int tensor) {
        return "(const int8_t *)" + at(tensor);
    }

    private String out8(int tensor) {
        return "(int8_t *)" + at(tensor);
    }

    /**
     * The scratch argument of operator {@code op}: its planned slot, which must hold exactly the {@code bytes} the
     * kernel asks for ({@link KernelScratch} is the one source of both), or NULL when the kernel needs none.
     */
    private String scratch(Operator op, int bytes) {
        int planned = KernelScratch.bytes(g, op, pack);
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

    private static int align(int bytes) {
        return (bytes + MemoryPlanner.ALIGNMENT - 1) / MemoryPlanner.ALIGNMENT * MemoryPlanner.ALIGNMENT;
    }

    // ------------------------------------------------------------------------------------------------ data

    private String prefix(Operator op) {
        return "op" + op.index();
    }

    private void bytesArray(String cName, byte[] bytes) {
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

    private void intArray(String type, String cName, long[] values) {
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

    private static long[] ints(Tensor t) {
        int[] v = new int[t.elementCount()];
        t.dataView().asIntBuffer().get(v);
        return Arrays.stream(v).asLongStream().toArray();
    }

    /** Bias array name, or NULL when the operator has none. */
    private String bias(Operator op, int slot) {
        if (op.inputCount() <= slot || op.inputIndex(slot) < 0) {
            return "NULL";
        }
        String n = prefix(op) + "_bias";
        intArray("int32_t", n, ints(g.tensor(op.inputIndex(slot))));
        return n;
    }

    private String perChannelQuant(Operator op, QuantMath.Multiplier[] ms) {
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

    private String dims(String cName, int n, int h, int w, int c) {
        data.append("static const pn_dims ").append(cName).append(" = {").append(n).append(", ").append(h)
                .append(", ").append(w).append(", ").append(c).append("};\n");
        return "&" + cName;
    }

    /** Shape padded to rank 4 from the front. */
    private String dims4(String cName, int[] shape) {
        if (shape.length > 4) {
            throw new CodegenException(-1, "tensor rank " + shape.length + " is above the runtime's 4");
        }
        int[] d = {1, 1, 1, 1};
        System.arraycopy(shape, 0, d, 4 - shape.length, shape.length);
        return dims(cName, d[0], d[1], d[2], d[3]);
    }

    private static String tile(int w, int h) {
        return "{" + w + ", " + h + "}";
    }

    private static String act(QuantMath.ActivationRange r) {
        return "{" + r.min() + ", " + r.max() + "}";
    }

    private static float scale(Tensor t) {
        return t.quantization().scale(0);
    }

    private static int zp(Tensor t) {
        return (int) t.quantization().zeroPoint(0);
    }

    private QuantMath.ActivationRange range(Operator op, Activation a, Tensor out) {
        if (a == Activation.TANH || a == Activation.SIGN_BIT) {
            throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                    + "): fused activation " + a + " has no C kernel");
        }
        return QuantMath.activationRangeInt8(a, scale(out), zp(out));
    }

    private void call(Operator op, String kernel, String args) {
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
            default -> kernel + ".h";
        };
    }

    // ------------------------------------------------------------------------------------------------ operators

    private void emit(Operator op) {
        switch (op.type()) {
            case CONV_2D -> conv(op);
            case DEPTHWISE_CONV_2D -> depthwise(op);
            case FULLY_CONNECTED -> fullyConnected(op);
            case AVERAGE_POOL_2D, MAX_POOL_2D -> pool(op);
            case ADD, MUL -> arithmetic(op);
            case SOFTMAX -> softmax(op);
            case RESHAPE -> reshape(op);
            case LOGISTIC, TANH -> logisticTanh(op);
            case QUANTIZE -> quantize(op);
            case DEQUANTIZE -> dequantize(op);
            case RELU, RELU6 -> relu(op);
            case PAD -> pad(op);
            case MEAN -> mean(op);
            case CONCATENATION -> concatenation(op);
            case UNIDIRECTIONAL_SEQUENCE_LSTM -> lstm(op);
            default -> throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                    + ") has no C kernel; supported: " + supportedList());
        }
    }

    private void conv(Operator op) {
        OpOptions.Conv2DOptions o = op.options(OpOptions.Conv2DOptions.class);
        Tensor w = g.tensor(op.inputIndex(1));
        emitConv(op, w.data(), w.dim(0), w.dim(1), w.dim(2), w.dim(3), o.strideW(), o.strideH(), o.dilationW(),
                o.dilationH(), o.activation());
    }

    /**
     * A convolution (or a depthwise convolution with one input channel, lowered) with OHWI {@code weights}
     * [cout, kh, kw, cin], run by the kernel {@link KernelScratch#kernelOf} chooses.
     */
    private void emitConv(Operator op, byte[] weights, int cout, int kh, int kw, int cin, int strideW, int strideH,
            int dilationW, int dilationH, Activation activation) {
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor w = g.tensor(op.inputIndex(1));
        Tensor out = g.tensor(op.outputIndex(0));
        ConvGeometry geo = PackPlanner.geometry(g, op);
        String p = prefix(op);
        String quant = perChannelQuant(op, QuantMath.perChannelMultipliers(scale(in), w.quantization().scales(),
                scale(out), cout));
        String b = bias(op, 2);
        data.append("static const pn_conv_params ").append(p).append("_params = {").append(-zp(in)).append(", ")
                .append(zp(out)).append(", ").append(tile(strideW, strideH)).append(", ")
                .append(tile(geo.padW(), geo.padH())).append(", ").append(tile(dilationW, dilationH))
                .append(", ").append(act(range(op, activation, out))).append("};\n");
        String id = dims(p + "_in_dims", in.dim(0), in.dim(1), in.dim(2), in.dim(3));
        String fd = dims(p + "_filter_dims", cout, kh, kw, cin);
        String od = dims(p + "_out_dims", out.dim(0), out.dim(1), out.dim(2), out.dim(3));
        Kernel k = KernelScratch.kernelOf(g, op, pack);
        sources.addAll(List.of(k.sources()));
        if (k == Kernel.CONV_FILTERLET) {
            PackedWeights pw = SparsePacker.filterlet(weights, cout, kh, kw, cin);
            intArray("uint16_t", p + "_mask", pw.maskWords());
            bytesArray(p + "_weights", pw.weights());
            String scratch = scratch(op, KernelScratch.of(k, cout, kh, kw, cin, strideW, out.dim(2)));
            call(op, k.function(), "&" + p + "_params, " + quant + ", " + id + ", " + in8(in.index()) + ", " + fd
                    + ", " + p + "_mask, " + pw.group() + ", " + p + "_weights, " + b + ", " + od + ", "
                    + out8(out.index()) + ", " + scratch);
            return;
        }
        if (k == Kernel.CONV_1X1_BLOCK) {
            int bs = KernelScratch.format(op, pack).blockSize();
            PackedWeights pw = SparsePacker.block(weights, cout, cin, bs);
            intArray("uint32_t", p + "_mask", pw.maskWords());
            bytesArray(p + "_weights", pw.weights());
            String scratch = scratch(op, KernelScratch.of(k, cout, cin, bs));
            call(op, k.function(), "&" + p + "_params, " + quant + ", " + id + ", " + in8(in.index()) + ", " + fd
                    + ", " + bs + ", " + p + "_mask, " + p + "_weights, " + b + ", " + od + ", "
                    + out8(out.index()) + ", " + scratch);
            return;
        }
        bytesArray(p + "_weights", weights);
        String scratch = scratch(op, KernelScratch.of(k, cout, kh, kw, cin));
        call(op, k.function(), "&" + p + "_params, " + quant + ", " + id + ", " + in8(in.index()) + ", " + fd
                + ", " + p + "_weights, " + b + ", " + od + ", " + out8(out.index()) + ", " + scratch);
    }

    private void depthwise(Operator op) {
        OpOptions.DepthwiseConv2DOptions o = op.options(OpOptions.DepthwiseConv2DOptions.class);
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor w = g.tensor(op.inputIndex(1));
        Tensor out = g.tensor(op.outputIndex(0));
        int outC = w.dim(3);
        if (KernelScratch.lowersToConv(g, op)) {
            // 1HWO [1, kh, kw, cout] with one input channel = OHWI [cout, kh, kw, 1]: a transposition.
            int kh = w.dim(1);
            int kw = w.dim(2);
            byte[] src = w.data();
            byte[] ohwi = new byte[src.length];
            for (int y = 0; y < kh; y++) {
                for (int x = 0; x < kw; x++) {
                    for (int c = 0; c < outC; c++) {
                        ohwi[(c * kh + y) * kw + x] = src[(y * kw + x) * outC + c];
                    }
                }
            }
            emitConv(op, ohwi, outC, kh, kw, 1, o.strideW(), o.strideH(), o.dilationW(), o.dilationH(),
                    o.activation());
            return;
        }
        ConvGeometry geo = PackPlanner.geometry(g, op);
        String p = prefix(op);
        String quant = perChannelQuant(op, QuantMath.perChannelMultipliers(scale(in), w.quantization().scales(),
                scale(out), outC));
        String b = bias(op, 2);
        bytesArray(p + "_weights", w.data());
        data.append("static const pn_dw_conv_params ").append(p).append("_params = {").append(-zp(in)).append(", ")
                .append(zp(out)).append(", ").append(outC / in.dim(3)).append(", ")
                .append(tile(o.strideW(), o.strideH())).append(", ").append(tile(geo.padW(), geo.padH()))
                .append(", ").append(tile(o.dilationW(), o.dilationH())).append(", ")
                .append(act(range(op, o.activation(), out))).append("};\n");
        String id = dims(p + "_in_dims", in.dim(0), in.dim(1), in.dim(2), in.dim(3));
        String fd = dims(p + "_filter_dims", 1, w.dim(1), w.dim(2), outC);
        String od = dims(p + "_out_dims", out.dim(0), out.dim(1), out.dim(2), out.dim(3));
        Kernel k = KernelScratch.kernelOf(g, op, pack);
        String buffer = scratch(op, KernelScratch.of(k, 1, w.dim(1), w.dim(2), outC));
        sources.addAll(List.of(k.sources()));
        call(op, k.function(), "&" + p + "_params, " + quant + ", " + id + ", " + in8(in.index()) + ", " + fd
                + ", " + p + "_weights, " + b + ", " + od + ", " + out8(out.index()) + ", " + buffer);
    }

    private void fullyConnected(Operator op) {
        OpOptions.FullyConnectedOptions o = op.options(OpOptions.FullyConnectedOptions.class);
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor w = g.tensor(op.inputIndex(1));
        Tensor out = g.tensor(op.outputIndex(0));
        String p = prefix(op);
        int units = w.dim(0);
        int k = w.dim(1);
        int batches = in.elementCount() / k;
        boolean perChannel = w.quantization().perChannel();
        QuantMath.Multiplier[] ms = perChannel
                ? QuantMath.perChannelMultipliers(scale(in), w.quantization().scales(), scale(out), units)
                : new QuantMath.Multiplier[] {QuantMath.fullyConnectedMultiplier(scale(in), scale(w), scale(out))};
        String b = bias(op, 2);
        data.append("static const pn_fc_params ").append(p).append("_params = {").append(-zp(in)).append(", ")
                .append(perChannel ? 0 : -zp(w)).append(", ").append(zp(out)).append(", ")
                .append(act(range(op, o.activation(), out))).append("};\n");
        String id = dims(p + "_in_dims", batches, 1, 1, k);
        String fd = dims(p + "_filter_dims", units, 1, 1, k);
        String od = dims(p + "_out_dims", batches, 1, 1, units);
        Kernel kern = KernelScratch.kernelOf(g, op, pack);
        sources.addAll(List.of(kern.sources()));
        if (kern == Kernel.FULLY_CONNECTED_BLOCK) {
            int bs = KernelScratch.format(op, pack).blockSize();
            String quant = perChannelQuant(op, ms);
            PackedWeights pw = SparsePacker.block(w.data(), units, k, bs);
            intArray("uint32_t", p + "_mask", pw.maskWords());
            bytesArray(p + "_weights", pw.weights());
            String scratch = scratch(op, KernelScratch.of(kern, units, k, bs));
            call(op, kern.function(), "&" + p + "_params, " + quant + ", " + (perChannel ? 1 : 0) + ", " + id + ", "
                    + in8(in.index()) + ", " + fd + ", " + bs + ", " + p + "_mask, " + p + "_weights, " + b + ", "
                    + od + ", " + out8(out.index()) + ", " + scratch);
            return;
        }
        bytesArray(p + "_weights", w.data());
        String quant;
        if (perChannel) {
            quant = perChannelQuant(op, ms);
        } else {
            data.append("static const pn_quant ").append(p).append("_quant = {").append(ms[0].multiplier())
                    .append(", ").append(ms[0].shift()).append("};\n");
            quant = "&" + p + "_quant";
        }
        String scratch = scratch(op, KernelScratch.of(kern, units, 1, 1, k));
        call(op, kern.function(), "&" + p + "_params, " + quant + ", " + id + ", " + in8(in.index()) + ", " + fd
                + ", " + p + "_weights, " + b + ", " + od + ", " + out8(out.index()) + ", " + scratch);
    }

    private void pool(Operator op) {
        OpOptions.Pool2DOptions o = op.options(OpOptions.Pool2DOptions.class);
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor out = g.tensor(op.outputIndex(0));
        ConvGeometry geo = ConvGeometry.of(o.padding(), in.dim(0), in.dim(1), in.dim(2), in.dim(3), in.dim(3),
                o.filterHeight(), o.filterWidth(), o.strideH(), o.strideW(), 1, 1);
        String p = prefix(op);
        data.append("static const pn_pool_params ").append(p).append("_params = {")
                .append(tile(o.strideW(), o.strideH())).append(", ").append(tile(geo.padW(), geo.padH()))
                .append(", ").append(tile(o.filterWidth(), o.filterHeight())).append(", ")
                .append(act(range(op, o.activation(), out))).append("};\n");
        String id = dims(p + "_in_dims", in.dim(0), in.dim(1), in.dim(2), in.dim(3));
        String od = dims(p + "_out_dims", out.dim(0), out.dim(1), out.dim(2), out.dim(3));
        String kernel = op.type() == OpType.AVERAGE_POOL_2D ? "pn_avgpool_s8" : "pn_maxpool_s8";
        sources.add("src/" + kernel + ".c");
        call(op, kernel, "&" + p + "_params, " + id + ", " + in8(in.index()) + ", " + od + ", "
                + out8(out.index()));
    }

    private void arithmetic(Operator op) {
        Tensor a = g.tensor(op.inputIndex(0));
        Tensor b = g.tensor(op.inputIndex(1));
        Tensor out = g.tensor(op.outputIndex(0));
        String p = prefix(op);
        String operandA = operand(op, a, p + "_a");
        String operandB = operand(op, b, p + "_b");
        String ad = dims4(p + "_a_dims", a.shape());
        String bd = dims4(p + "_b_dims", b.shape());
        String od = dims4(p + "_out_dims", out.shape());
        if (op.type() == OpType.ADD) {
            QuantMath.ActivationRange r = range(op, op.options(OpOptions.AddOptions.class).activation(), out);
            Arithmetic.AddParams q = Arithmetic.AddParams.of(scale(a), zp(a), scale(b), zp(b), scale(out), zp(out),
                    r);
            data.append("static const pn_add_params ").append(p).append("_params = {").append(q.input1Offset())
                    .append(", ").append(q.input2Offset()).append(", ").append(q.leftShift()).append(", {")
                    .append(q.input1Multiplier()).append(", ").append(q.input1Shift()).append("}, {")
                    .append(q.input2Multiplier()).append(", ").append(q.input2Shift()).append("}, {")
                    .append(q.outputMultiplier()).append(", ").append(q.outputShift()).append("}, ")
                    .append(q.outputOffset()).append(", {").append(q.actMin()).append(", ").append(q.actMax())
                    .append("}};\n");
            sources.add("src/pn_add_s8.c");
            call(op, "pn_add_s8", "&" + p + "_params, " + ad + ", " + operandA + ", " + bd + ", " + operandB + ", "
                    + od + ", " + out8(out.index()));
        } else {
            QuantMath.ActivationRange r = range(op, op.options(OpOptions.MulOptions.class).activation(), out);
            Arithmetic.MulParams q = Arithmetic.MulParams.of(scale(a), zp(a), scale(b), zp(b), scale(out), zp(out),
                    r);
            data.append("static const pn_mul_params ").append(p).append("_params = {").append(q.input1Offset())
                    .append(", ").append(q.input2Offset()).append(", {").append(q.outputMultiplier()).append(", ")
                    .append(q.outputShift()).append("}, ").append(q.outputOffset()).append(", {")
                    .append(q.actMin()).append(", ").append(q.actMax()).append("}};\n");
            sources.add("src/pn_mul_s8.c");
            call(op, "pn_mul_s8", "&" + p + "_params, " + ad + ", " + operandA + ", " + bd + ", " + operandB + ", "
                    + od + ", " + out8(out.index()));
        }
    }

    /** An ADD / MUL operand: a constant array or an arena tensor. */
    private String operand(Operator op, Tensor t, String cName) {
        if (t.isConstant()) {
            bytesArray(cName, t.data());
            return cName;
        }
        return in8(t.index());
    }

    private void softmax(Operator op) {
        OpOptions.SoftmaxOptions o = op.options(OpOptions.SoftmaxOptions.class);
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor out = g.tensor(op.outputIndex(0));
        Softmax s = new Softmax(o.beta(), scale(in));
        String p = prefix(op);
        int depth = in.dim(-1);
        int rows = in.elementCount() / Math.max(depth, 1);
        data.append("static const pn_softmax_params ").append(p).append("_params = {").append(s.inputMultiplier())
                .append(", ").append(s.inputLeftShift()).append(", ").append(s.diffMin()).append("};\n");
        sources.add("src/pn_softmax_s8.c");
        call(op, "pn_softmax_s8", "&" + p + "_params, " + rows + ", " + depth + ", " + in8(in.index()) + ", "
                + out8(out.index()));
    }

    private void reshape(Operator op) {
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor out = g.tensor(op.outputIndex(0));
        body.append("    /* operator ").append(op.index()).append(": ").append(op.displayName());
        if (plan.offset(in.index()) == plan.offset(out.index())) {
            body.append(": in place, no code */\n");
        } else {
            body.append(" */\n    memmove(").append(at(out.index())).append(", ").append(at(in.index()))
                    .append(", ").append(out.byteSize()).append(");\n");
        }
    }

    private void logisticTanh(Operator op) {
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor out = g.tensor(op.outputIndex(0));
        Activations.InputScaling s = Activations.InputScaling.of(scale(in));
        String p = prefix(op);
        data.append("static const pn_sigmoid_params ").append(p).append("_params = {").append(zp(in)).append(", ")
                .append(s.rangeRadius()).append(", ").append(s.multiplier()).append(", ").append(s.leftShift())
                .append("};\n");
        String kernel = op.type() == OpType.LOGISTIC ? "pn_logistic_s8" : "pn_tanh_s8";
        sources.add("src/" + kernel + ".c");
        call(op, kernel, "&" + p + "_params, " + in.elementCount() + ", " + in8(in.index()) + ", "
                + out8(out.index()));
    }

    private void quantize(Operator op) {
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor out = g.tensor(op.outputIndex(0));
        if (in.type() == TensorType.FLOAT32 && out.type() == TensorType.INT8) {
            sources.add("src/pn_quantize_f32_s8.c");
            call(op, "pn_quantize_f32_s8", floatLiteral(scale(out)) + ", " + zp(out) + ", " + out.elementCount()
                    + ", (const float *)" + at(in.index()) + ", " + out8(out.index()));
            return;
        }
        if (in.type() != TensorType.INT8 || out.type() != TensorType.INT8) {
            throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                    + "): QUANTIZE from " + in.type() + " to " + out.type() + " has no C kernel; supported: INT8 "
                    + "or FLOAT32 to INT8");
        }
        QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) scale(in) / (double) scale(out));
        String p = prefix(op);
        data.append("static const pn_requantize_params ").append(p).append("_params = {").append(zp(in))
                .append(", ").append(zp(out)).append(", {").append(m.multiplier()).append(", ").append(m.shift())
                .append("}};\n");
        sources.add("src/pn_quantize_s8.c");
        call(op, "pn_quantize_s8", "&" + p + "_params, " + in.elementCount() + ", " + in8(in.index()) + ", "
                + out8(out.index()));
    }

    private void dequantize(Operator op) {
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor out = g.tensor(op.outputIndex(0));
        if (in.type() != TensorType.INT8 || out.type() != TensorType.FLOAT32) {
            throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                    + "): DEQUANTIZE from " + in.type() + " to " + out.type() + " has no C kernel; supported: INT8 "
                    + "to FLOAT32");
        }
        sources.add("src/pn_dequantize_s8.c");
        call(op, "pn_dequantize_s8", floatLiteral(scale(in)) + ", " + zp(in) + ", " + in.elementCount() + ", "
                + in8(in.index()) + ", (float *)" + at(out.index()));
    }

    /** RELU (requantizing, TFLM ReluQuantized) and RELU6 (a clamp in the input's quantization). */
    private void relu(Operator op) {
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor out = g.tensor(op.outputIndex(0));
        String p = prefix(op);
        if (op.type() == OpType.RELU) {
            QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) scale(in) / (double) scale(out));
            int actMin = Math.max(-128, zp(out) + (int) QuantMath.round(0.0f / scale(out)));
            data.append("static const pn_relu_params ").append(p).append("_params = {").append(zp(in))
                    .append(", ").append(zp(out)).append(", {").append(m.multiplier()).append(", ")
                    .append(m.shift()).append("}, {").append(actMin).append(", 127}};\n");
            sources.add("src/pn_relu_s8.c");
            call(op, "pn_relu_s8", "&" + p + "_params, " + in.elementCount() + ", " + in8(in.index()) + ", "
                    + out8(out.index()));
        } else {
            int six = QuantMath.clamp((int) (QuantMath.round(6.0f / scale(in)) + zp(in)), -128, 127);
            data.append("static const pn_activation ").append(p).append("_range = {").append(zp(in)).append(", ")
                    .append(six).append("};\n");
            sources.add("src/pn_relu6_s8.c");
            call(op, "pn_relu6_s8", "&" + p + "_range, " + in.elementCount() + ", " + in8(in.index()) + ", "
                    + out8(out.index()));
        }
    }

    /** PAD with the output zero point (the interpreter rejects an explicit constant value). */
    private void pad(Operator op) {
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor paddings = g.tensor(op.inputIndex(1));
        Tensor out = g.tensor(op.outputIndex(0));
        int rank = in.rank();
        if (rank > 4) {
            throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName() + "): input "
                    + in + " has rank " + rank + "; the C PAD kernel handles rank 4 at most");
        }
        long[] pv = ints(paddings);
        int[] before = {0, 0, 0, 0};
        int[] after = {0, 0, 0, 0};
        for (int d = 0; d < rank; d++) {
            before[4 - rank + d] = (int) pv[2 * d];
            after[4 - rank + d] = (int) pv[2 * d + 1];
        }
        String p = prefix(op);
        data.append("static const pn_pad_params ").append(p).append("_params = {{").append(before[0]).append(", ")
                .append(before[1]).append(", ").append(before[2]).append(", ").append(before[3]).append("}, {")
                .append(after[0]).append(", ").append(after[1]).append(", ").append(after[2]).append(", ")
                .append(after[3]).append("}};\n");
        String id = dims4(p + "_in_dims", in.shape());
        sources.add("src/pn_pad_s8.c");
        call(op, "pn_pad_s8", "&" + p + "_params, " + zp(out) + ", " + id + ", " + in8(in.index()) + ", "
                + out8(out.index()));
    }

    /**
     * MEAN over one contiguous run of axes, as the reference interpreter computes it (TFLM's integer mean:
     * {@code requant(sum - zpIn * n)} with the multiplier {@code sIn / sOut} folded with {@code 1 / n}); emitted
     * as a helper of the generated file, since the runtime's pn_mean_s8 follows TFLM's float path instead.
     */
    private void mean(Operator op) {
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor axis = g.tensor(op.inputIndex(1));
        Tensor out = g.tensor(op.outputIndex(0));
        int rank = in.rank();
        boolean[] reduced = new boolean[rank];
        for (long a : ints(axis)) {
            reduced[(int) (a < 0 ? a + rank : a)] = true;
        }
        int lo = -1;
        int hi = -1;
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                if (lo < 0) {
                    lo = d;
                } else if (hi != d - 1) {
                    throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                            + "): MEAN over the non-adjacent axes " + Arrays.toString(ints(axis)) + " of " + in
                            + " has no C code; supported: one run of adjacent axes, e.g. [1, 2] of NHWC");
                }
                hi = d;
            }
        }
        long outer = 1;
        long count = 1;
        long inner = 1;
        for (int d = 0; d < rank; d++) {
            if (lo >= 0 && d >= lo && d <= hi) {
                count *= in.dim(d);
            } else if (lo < 0 || d < lo) {
                outer *= in.dim(d);
            } else {
                inner *= in.dim(d);
            }
        }
        // The interpreter's folding of 1 / count into the multiplier (interp.kernels.Mean).
        QuantMath.Multiplier m = QuantMath.quantizeMultiplier((double) scale(in) / (double) scale(out));
        int mult = m.multiplier();
        int sh = m.shift();
        if (count > 0) {
            int s = 63 - Long.numberOfLeadingZeros(count);
            s = Math.min(s, 32);
            s = Math.min(s, 31 + sh);
            mult = (int) (((long) mult << s) / count);
            sh = sh - s;
        }
        if (!meanHelper) {
            meanHelper = true;
            data.append("/* MEAN: out[o][j] = clamp(requant(sum_i in[o][i][j] - in_zp * count) + out_zp). */\n")
                    .append("static void pn_gen_mean(const int8_t *in, int32_t outer, int32_t count, int32_t inner, ")
                    .append("int32_t in_zp,\n                        int32_t multiplier, int32_t shift, ")
                    .append("int32_t out_zp, int8_t *out)\n{\n")
                    .append("    int32_t o, i, j;\n")
                    .append("    for (o = 0; o < outer; o++) {\n        for (j = 0; j < inner; j++) {\n")
                    .append("            int32_t sum = 0;\n            int32_t v;\n")
                    .append("            for (i = 0; i < count; i++) {\n")
                    .append("                sum += in[((long)o * count + i) * inner + j];\n            }\n")
                    .append("            v = pn_requantize(sum - in_zp * count, multiplier, shift) + out_zp;\n")
                    .append("            out[(long)o * inner + j] = (int8_t)PN_CLAMP(v, -128, 127);\n")
                    .append("        }\n    }\n}\n\n");
        }
        body.append("    /* operator ").append(op.index()).append(": ").append(op.displayName()).append(" */\n")
                .append("    pn_gen_mean(").append(in8(in.index())).append(", ").append(outer).append(", ")
                .append(count).append(", ").append(inner).append(", ").append(zp(in)).append(", ").append(mult)
                .append(", ").append(sh).append(", ").append(zp(out)).append(", ").append(out8(out.index()))
                .append(");\n");
    }

    /** CONCATENATION: a copy per input slice (the int8 operator requires equal quantization). */
    private void concatenation(Operator op) {
        OpOptions.ConcatenationOptions o = op.options(OpOptions.ConcatenationOptions.class);
        Tensor out = g.tensor(op.outputIndex(0));
        int rank = out.rank();
        int axis = o.axis() < 0 ? o.axis() + rank : o.axis();
        long outer = 1;
        for (int d = 0; d < axis; d++) {
            outer *= out.dim(d);
        }
        long inner = 1;
        for (int d = axis + 1; d < rank; d++) {
            inner *= out.dim(d);
        }
        String p = prefix(op);
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < op.inputCount(); i++) {
            Tensor in = g.tensor(op.inputIndex(i));
            String ptr;
            if (in.isConstant()) {
                bytesArray(p + "_in" + i, in.data());
                ptr = p + "_in" + i;
            } else {
                ptr = in8(in.index());
            }
            list.append(i == 0 ? "" : ",\n").append("            {").append(ptr).append(", ").append(in.dim(axis) * inner)
                    .append(", 0, 0, {0, 0}}");
        }
        body.append("    {\n        /* operator ").append(op.index()).append(": ").append(op.displayName())
                .append(" */\n        const pn_concat_input ").append(p).append("_inputs[").append(op.inputCount())
                .append("] = {\n").append(list)
                .append("};\n        if (pn_concatenation_s8(").append(op.inputCount()).append(", ").append(p)
                .append("_inputs, ").append(outer).append(", ").append(zp(out)).append(", ")
                .append(out8(out.index())).append(") != PN_OK) {\n            return ").append(op.index() + 1)
                .append(";\n        }\n    }\n");
        headers.add("pn_concatenation_s8.h");
        sources.add("src/pn_concatenation_s8.c");
    }

    /**
     * UNIDIRECTIONAL_SEQUENCE_LSTM (the standard int8 LSTM with int16 cell the interpreter accepts) on pn_lstm_s8,
     * with every parameter derived as {@link dev.prunus.core.interp.kernels.LstmInt8} derives it; its hidden
     * (int8) and cell (int16) state tensors are reset at the start of each invoke.
     */
    private void lstm(Operator op) {
        OpOptions.UnidirectionalSequenceLSTMOptions o = op.options(OpOptions.UnidirectionalSequenceLSTMOptions.class);
        Tensor in = g.tensor(op.inputIndex(0));
        Tensor hidden = g.tensor(op.inputIndex(18));
        Tensor cell = g.tensor(op.inputIndex(19));
        Tensor out = g.tensor(op.outputIndex(0));
        boolean timeMajor = o.timeMajor();
        int batches = timeMajor ? in.dim(1) : in.dim(0);
        int steps = timeMajor ? in.dim(0) : in.dim(1);
        int nInput = in.dim(2);
        int nCell = g.tensor(op.inputIndex(2)).dim(0);
        String p = prefix(op);
        float inScale = scale(in);
        float hiddenScale = scale(hidden);
        float cellScale = scale(cell);
        // forget, input, cell, output: input weights, recurrent weights, bias (TFLite input slots)
        int[][] slots = {{2, 6, 13}, {1, 5, 12}, {3, 7, 14}, {4, 8, 15}};
        String[] names = {"forget", "input", "cell", "output"};
        StringBuilder gates = new StringBuilder();
        for (int k = 0; k < 4; k++) {
            Tensor wi = g.tensor(op.inputIndex(slots[k][0]));
            Tensor wr = g.tensor(op.inputIndex(slots[k][1]));
            for (Tensor w : List.of(wi, wr)) {
                if (w.quantization().zeroPoint(0) != 0) {
                    throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                            + "): weights " + w + " have zero point " + w.quantization().zeroPoint(0)
                            + "; the C LSTM kernel takes symmetric int8 weights (zero point 0) only");
                }
            }
            String gp = p + "_" + names[k];
            bytesArray(gp + "_input_weights", wi.data());
            bytesArray(gp + "_recurrent_weights", wr.data());
            String bias = "NULL";
            if (op.inputIndex(slots[k][2]) >= 0) {
                bias = gp + "_bias";
                intArray("int32_t", bias, ints(g.tensor(op.inputIndex(slots[k][2]))));
            }
            QuantMath.Multiplier[] mi = gateMultipliers(inScale, wi.quantization().scales(), nCell);
            QuantMath.Multiplier[] mr = gateMultipliers(hiddenScale, wr.quantization().scales(), nCell);
            intArray("int32_t", gp + "_input_mult", multipliers(mi));
            intArray("int32_t", gp + "_input_shift", shifts(mi));
            intArray("int32_t", gp + "_recurrent_mult", multipliers(mr));
            intArray("int32_t", gp + "_recurrent_shift", shifts(mr));
            gates.append(k == 0 ? "" : ",\n").append("    {").append(gp).append("_input_weights, ").append(gp)
                    .append("_recurrent_weights, ").append(bias).append(", ").append(gp).append("_input_mult, ")
                    .append(gp).append("_input_shift, ").append(gp).append("_recurrent_mult, ").append(gp)
                    .append("_recurrent_shift, ").append(mi.length > 1 ? 1 : 0).append("}");
        }
        final float gateOut = dev.prunus.core.interp.kernels.LstmInt8.GATE_OUTPUT_SCALE;
        QuantMath.Multiplier forgetCell = QuantMath.quantizeMultiplier(
                (double) gateOut * (double) cellScale / (double) cellScale);
        QuantMath.Multiplier inputCell = QuantMath.quantizeMultiplier(
                (double) gateOut * (double) gateOut / (double) cellScale);
        QuantMath.Multiplier hiddenMul = QuantMath.quantizeMultiplier(
                (double) gateOut * (double) gateOut / (double) hiddenScale);
        int cellScalePower = (int) Math.round(Math.log(cellScale) / Math.log(2.0));
        int tanhShift = 15 + cellScalePower - 3;
        int tanhMultiplier;
        if (tanhShift < 0) {
            tanhShift = -tanhShift;
            tanhMultiplier = 3;
        } else {
            tanhMultiplier = 3 << tanhShift;
            tanhShift = 0;
        }
        if (tanhShift > 30 || tanhMultiplier > (3 << 15)) {
            throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName() + "): cell "
                    + "state " + cell + " has scale 2^" + cellScalePower + ", outside the C kernel's range "
                    + "[2^-42, 2^3]");
        }
        int cellClip = 0;
        if (o.cellClip() > 0) {
            double clip = Math.min(Math.max((double) o.cellClip() / (double) cellScale, -32768.0), 32767.0);
            cellClip = (short) (int) clip;
            if (cellClip <= 0) {
                throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                        + "): cell clip " + o.cellClip() + " quantizes to " + cellClip + " at the cell scale "
                        + cellScale + "; the C kernel needs a clip of at least one cell step");
            }
        }
        data.append("static const pn_lstm_params ").append(p).append("_params = {").append(-zp(in)).append(", ")
                .append(zp(hidden)).append(", {").append(forgetCell.multiplier()).append(", ")
                .append(forgetCell.shift()).append("}, {").append(inputCell.multiplier()).append(", ")
                .append(inputCell.shift()).append("}, {").append(hiddenMul.multiplier()).append(", ")
                .append(hiddenMul.shift()).append("}, ").append(cellClip).append(", ").append(tanhMultiplier)
                .append(", ").append(tanhShift).append(", {\n").append(gates).append("}};\n");
        String scratch = scratch(op, KernelScratch.lstm(nInput, nCell));
        sources.add("src/pn_lstm_s8.c");
        reset.append("    /* operator ").append(op.index()).append(" (").append(op.displayName())
                .append("): reset the hidden and cell states */\n    memset(").append(at(hidden.index()))
                .append(", ").append(zp(hidden)).append(", ").append(hidden.byteSize()).append(");\n    memset(")
                .append(at(cell.index())).append(", 0, ").append(cell.byteSize()).append(");\n");
        call(op, "pn_lstm_s8", "&" + p + "_params, " + (timeMajor ? 1 : 0) + ", " + batches + ", " + steps + ", "
                + nInput + ", " + nCell + ", " + in8(in.index()) + ", " + out8(out.index()) + ", "
                + out8(hidden.index()) + ", (int16_t *)" + at(cell.index()) + ", " + scratch);
    }

    /** The interpreter's gate FC multipliers: per row with per-channel weights, else one per-tensor multiplier. */
    private static QuantMath.Multiplier[] gateMultipliers(float inScale, float[] wScales, int rows) {
        float gateIn = dev.prunus.core.interp.kernels.LstmInt8.GATE_INPUT_SCALE;
        if (wScales.length > 1) {
            return QuantMath.perChannelMultipliers(inScale, wScales, gateIn, rows);
        }
        return new QuantMath.Multiplier[] {QuantMath.fullyConnectedMultiplier(inScale, wScales[0], gateIn)};
    }

    private static long[] multipliers(QuantMath.Multiplier[] ms) {
        return Arrays.stream(ms).mapToLong(QuantMath.Multiplier::multiplier).toArray();
    }

    private static long[] shifts(QuantMath.Multiplier[] ms) {
        return Arrays.stream(ms).mapToLong(QuantMath.Multiplier::shift).toArray();
    }
}
