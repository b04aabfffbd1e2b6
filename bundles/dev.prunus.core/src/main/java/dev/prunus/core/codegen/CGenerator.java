package dev.prunus.core.codegen;

import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.UnsupportedModelException;
import dev.prunus.core.interp.kernels.Activations;
import dev.prunus.core.interp.kernels.Arithmetic;
import dev.prunus.core.interp.kernels.Softmax;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.pack.Kernel;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.ops.OperatorCatalogue;
import dev.prunus.core.ops.OperatorDefinition;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.quant.QuantMath;
import dev.prunus.runtime.RuntimeSources;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * <p>This class is the driver: it plans the arena, walks the operators and assembles the files; each operator's
 * constants and kernel call come from its {@link OperatorDefinition#emit} in the operator catalogue, written into a
 * shared {@link CEmission}.
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

    /** Operators with a C kernel: every operator the interpreter runs (both come from the operator catalogue). */
    public static final Set<OpType> SUPPORTED = Interpreter.SUPPORTED;

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
    private final CEmission emission;
    private final StringBuilder data;
    private final StringBuilder body;
    private final StringBuilder reset;
    private final Set<String> headers;
    private final Set<String> sources;

    private CGenerator(Model model, String name, PackPlan pack) {
        this.g = model.main();
        this.name = name;
        this.upper = name.toUpperCase(Locale.ROOT);
        this.plan = MemoryPlanner.plan(g, pack);
        this.pack = pack;
        this.emission = CEmission.of(g, plan, pack);
        this.data = emission.data();
        this.body = emission.body();
        this.reset = emission.reset();
        this.headers = emission.headers();
        this.sources = emission.sources();
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
        return CEmission.floatLiteral(f);
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

    // ------------------------------------------------------------------------------------------------ operators

    /** One operator's constants and kernel call, written by its catalogue definition. */
    private void emit(Operator op) {
        OperatorDefinition def = OperatorCatalogue.of(op.type());
        if (def == null) {
            throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                    + ") has no C kernel; supported: " + supportedList());
        }
        def.emit(emission, op);
    }

}
