package dev.prunus.core.codegen;

import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.KernelScratch;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.interp.FloatSteps;
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
import dev.prunus.core.ops.FloatKernels;
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
 * <p>Variable tensors (the UNIDIRECTIONAL_SEQUENCE_LSTM states) live in the planner's persistent part of the arena
 * and keep their values from one {@code <name>_invoke} to the next, as in TFLite Micro and the reference
 * interpreter. {@code <name>_reset} sets them to their initial values (int8: the zero point; others: 0, as TFLM's
 * ResetVariableTensors) and marks the arena's state flag; {@code <name>_invoke} calls it first when the flag is not
 * set, so the first invocation in a fresh arena starts from the initial state even without an explicit reset.
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
            int outputBytes, int persistentOffset, int persistentBytes, List<String> runtimeFiles) {
    }

    private final Graph g;
    private final String name;
    private final String upper;
    private final ArenaPlan plan;
    private final PackPlan pack;
    private final CEmission emission;

    private CGenerator(Model model, String name, PackPlan pack) {
        this.g = model.main();
        this.name = name;
        this.upper = name.toUpperCase(Locale.ROOT);
        this.plan = MemoryPlanner.plan(g, pack);
        this.pack = pack;
        this.emission = CEmission.of(g, plan, pack);
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
                gen.plan.offset(out.index()), in.byteSize(), out.byteSize(), gen.plan.persistentOffset(),
                gen.plan.persistentBytes(), List.copyOf(new TreeSet<>(gen.runtimeFiles())));
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
        boolean mixed = FloatSteps.hasFloatFrontEnd(g);
        for (Operator op : g.operators()) {
            if (mixed && FloatSteps.isFloatStep(g, op)) {
                if (!FloatKernels.SUPPORTED.contains(op.type())) {
                    throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                            + ") is part of the model's float32 front end and has no float32 C kernel; float32 "
                            + "kernels: " + FloatKernels.supportedList() + " (the interpreter runs the model: "
                            + "prunus run, prunus eval)");
                }
                continue;
            }
            if (!SUPPORTED.contains(op.type())) {
                throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                        + ") has no C kernel in the Prunus runtime; supported: " + OperatorCatalogue.supportedList());
            }
        }
        if (g.inputs().length != 1 || g.outputs().length < 1) {
            throw new CodegenException(-1, "the generated C API has one input and at least one output; the model has "
                    + g.inputs().length + " inputs and " + g.outputs().length + " outputs");
        }
        List<Tensor> edges = new ArrayList<>();
        edges.add(g.input(0));
        for (int i = 0; i < g.outputs().length; i++) {
            edges.add(g.output(i));
        }
        for (Tensor t : edges) {
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

    // ------------------------------------------------------------------------------------------------ driver

    private SortedMap<String, byte[]> run(Progress progress) {
        progress.begin("Generating C for " + name, g.operators().size() + 1);
        emission.headers().add("pn_common.h");
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
        for (String h : emission.headers()) {
            todo.add("include/" + h);
        }
        todo.addAll(emission.sources());
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
                .append("\n *\n * Usage: static uint8_t arena[").append(upper).append("_ARENA_SIZE] (4-byte aligned); call ")
                .append(name).append("_reset(arena) once,\n * then for each inference write the input to ").append(name)
                .append("_input(arena), call ").append(name).append("_invoke(arena), read\n * ").append(name)
                .append("_output(arena).\n");
        if (plan.persistentBytes() > 0) {
            h.append(" *\n * State: the model's variable tensors (LSTM state) live in the last ").append(upper)
                    .append("_PERSISTENT_SIZE bytes of the arena\n * and persist from one ").append(name)
                    .append("_invoke to the next, as in TFLite Micro: consecutive invocations are\n * consecutive ")
                    .append("steps of one stream. ").append(name).append("_reset starts a new stream (TFLM's ")
                    .append("interpreter.Reset());\n * call it once after placing the arena, as TFLM's ")
                    .append("AllocateTensors() does. A first ").append(name).append("_invoke on an\n * arena that ")
                    .append(name).append("_reset never saw resets it itself. Between invocations the application ")
                    .append("may use\n * the rest of the arena, never the persistent part.\n");
        }
        h.append(" * Compile ").append(name).append(".c and the C files of runtime/src with -Iruntime/include (C99).\n */\n");
        String guard = upper + "_H";
        h.append("#ifndef ").append(guard).append("\n#define ").append(guard).append("\n\n#include <stdint.h>\n\n")
                .append("#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n");
        h.append("/** Bytes of scratch, activations and state, planned offline. */\n#define ").append(upper)
                .append("_ARENA_SIZE ").append(plan.arenaBytes()).append("\n");
        h.append("/** Bytes at the end of the arena that keep the state between invocations (0: stateless). */\n")
                .append("#define ").append(upper).append("_PERSISTENT_SIZE ").append(plan.persistentBytes())
                .append("\n");
        h.append("/** Bytes of the input tensor ").append(Arrays.toString(in.shape())).append(". */\n#define ")
                .append(upper).append("_INPUT_SIZE ").append(in.byteSize()).append("\n");
        h.append("/** Bytes of the output tensor ").append(Arrays.toString(out.shape())).append(". */\n#define ")
                .append(upper).append("_OUTPUT_SIZE ").append(out.byteSize()).append("\n");
        quantDefines(h, "INPUT", in);
        quantDefines(h, "OUTPUT", out);
        if (g.outputs().length > 1) {
            h.append("/** Outputs of the model: ").append(name).append("_output() is output 0, ").append(name)
                    .append("_output<k>() output k. */\n#define ").append(upper).append("_OUTPUT_COUNT ")
                    .append(g.outputs().length).append("\n");
            for (int k = 1; k < g.outputs().length; k++) {
                Tensor o = g.output(k);
                h.append("/** Bytes of output ").append(k).append(' ').append(Arrays.toString(o.shape()))
                        .append(". */\n#define ").append(upper).append("_OUTPUT").append(k).append("_SIZE ")
                        .append(o.byteSize()).append("\n");
                quantDefines(h, "OUTPUT" + k, o);
            }
        }
        h.append("\n");
        h.append("/** Where to write the input (").append(upper).append("_INPUT_SIZE bytes) in the arena. */\n")
                .append("int8_t *").append(name).append("_input(uint8_t *arena);\n\n");
        h.append("/** Where the output (").append(upper).append("_OUTPUT_SIZE bytes) appears after invoke. */\n")
                .append("int8_t *").append(name).append("_output(uint8_t *arena);\n\n");
        for (int k = 1; k < g.outputs().length; k++) {
            h.append("/** Where output ").append(k).append(" (").append(upper).append("_OUTPUT").append(k)
                    .append("_SIZE bytes) appears after invoke. */\n").append("int8_t *").append(name)
                    .append("_output").append(k).append("(uint8_t *arena);\n\n");
        }
        h.append("/**\n * Runs one inference over the arena (").append(upper)
                .append("_ARENA_SIZE bytes, 4-byte aligned).\n")
                .append(plan.persistentBytes() > 0 ? " * Keeps the variable tensors' values for the next "
                        + "invocation (see State above).\n" : "")
                .append(" * @return 0 on success, else 1 + the index of the operator whose kernel rejected its "
                        + "arguments\n */\n")
                .append("int ").append(name).append("_invoke(uint8_t *arena);\n\n");
        h.append("/**\n * Sets the variable tensors to their initial values (int8: the zero point, others: 0), as "
                + "TFLite Micro's\n * Reset(): the next ").append(name).append("_invoke starts a new sequence. ")
                .append(plan.persistentBytes() > 0 ? "Call it once after placing the arena.\n"
                        : "This model has no\n * variable tensors: it does nothing.\n")
                .append(" */\nvoid ").append(name).append("_reset(uint8_t *arena);\n\n");
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
        for (String h : emission.headers()) {
            c.append("#include \"").append(h).append("\"\n");
        }
        c.append("#include <string.h>\n\n");
        c.append("#if defined(__GNUC__)\n#define PN_GEN_ALIGN4 __attribute__((aligned(4)))\n#else\n"
                + "#define PN_GEN_ALIGN4\n#endif\n\n");
        c.append(emission.data());
        Tensor in = g.input(0);
        Tensor out = g.output(0);
        c.append("int8_t *").append(name).append("_input(uint8_t *arena)\n{\n    return (int8_t *)(arena + ")
                .append(plan.offset(in.index())).append(");\n}\n\n");
        c.append("int8_t *").append(name).append("_output(uint8_t *arena)\n{\n    return (int8_t *)(arena + ")
                .append(plan.offset(out.index())).append(");\n}\n\n");
        for (int k = 1; k < g.outputs().length; k++) {
            c.append("int8_t *").append(name).append("_output").append(k).append("(uint8_t *arena)\n{\n")
                    .append("    return (int8_t *)(arena + ").append(plan.offset(g.output(k).index()))
                    .append(");\n}\n\n");
        }
        resetFunction(c);
        c.append("int ").append(name).append("_invoke(uint8_t *arena)\n{\n");
        if (plan.stateFlagOffset() >= 0) {
            c.append("    uint32_t flag;\n\n    memcpy(&flag, arena + ").append(plan.stateFlagOffset())
                    .append(", sizeof flag);\n    if (flag != ").append(upper).append("_STATE_READY) {\n")
                    .append("        /* first invocation in this arena: start from the initial state */\n")
                    .append("        ").append(name).append("_reset(arena);\n    }\n");
        }
        c.append(emission.body());
        c.append("    return 0;\n}\n");
        return c.toString();
    }

    /**
     * {@code <name>_reset}: every variable tensor to its initial value, then the state flag, a value that depends on
     * the name and the persistent layout (an arena left by another model or another build of this one is reset).
     */
    private void resetFunction(StringBuilder c) {
        if (plan.stateFlagOffset() < 0) {
            c.append("void ").append(name).append("_reset(uint8_t *arena)\n{\n    (void)arena; /* no variable ")
                    .append("tensors */\n}\n\n");
            return;
        }
        c.append("/* In the state flag word once ").append(name).append("_reset has initialised the variable tensors. */\n")
                .append("#define ").append(upper).append("_STATE_READY ").append(Integer.toUnsignedString(stateReady()))
                .append("u\n\n");
        c.append("void ").append(name).append("_reset(uint8_t *arena)\n{\n    static const uint32_t ready = ")
                .append(upper).append("_STATE_READY;\n\n");
        for (Tensor t : g.tensors()) {
            if (t.isVariable() && plan.isPlanned(t.index())) {
                int value = t.type() == TensorType.INT8 ? CEmission.zp(t) : 0;
                c.append("    memset(").append(emission.at(t.index())).append(", ").append(value).append(", ")
                        .append(t.byteSize()).append("); /* ").append(comment(t.name())).append(" */\n");
            }
        }
        c.append("    memcpy(arena + ").append(plan.stateFlagOffset()).append(", &ready, sizeof ready);\n}\n\n");
    }

    /** FNV-1a of the name and the persistent layout; never 0 or all ones (what cleared memory holds). */
    private int stateReady() {
        String key = name + ":" + plan.persistentOffset() + ":" + plan.persistentBytes() + ":"
                + plan.stateFlagOffset();
        int h = 0x811c9dc5;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x01000193;
        }
        return h == 0 || h == -1 ? 0x5052534e : h;
    }

    /** A tensor name safe inside a C comment. */
    private static String comment(String s) {
        return s.replace("*/", "* /");
    }

    // ------------------------------------------------------------------------------------------------ operators

    /** One operator's constants and kernel call, written by its catalogue definition. */
    private void emit(Operator op) {
        if (FloatSteps.isFloatStep(g, op) && (op.type() == OpType.SQRT || op.type() == OpType.LOG)) {
            FloatKernels.unary(emission, op); // float-only operators: no int8 definition in the catalogue
            return;
        }
        OperatorDefinition def = OperatorCatalogue.of(op.type());
        if (def == null) {
            throw new CodegenException(op.index(), "operator " + op.index() + " (" + op.displayName()
                    + ") has no C kernel; supported: " + OperatorCatalogue.supportedList());
        }
        def.emit(emission, op);
    }

}
