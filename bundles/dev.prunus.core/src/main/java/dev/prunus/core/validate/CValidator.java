package dev.prunus.core.validate;

import dev.prunus.core.PrunusException;
import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.progress.Progress;
import dev.prunus.runtime.RuntimeSources;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Compiles the generated C of a model with a test harness, runs it on every input record (host gcc, or
 * arm-none-eabi-gcc + QEMU mps2-an386 / mps2-an500 with the runtime's instruction counter) and compares the
 * outputs with the Java interpreter. Records are embedded into the program image as constant arrays, in batches
 * of at most {@link #BATCH_BYTES} bytes of input per program; printing happens outside the measured region.
 *
 * <p>State: by default the records are one sequence, as an application streams them through TFLite Micro: the
 * harness calls {@code <name>_reset} once, the variable tensors (LSTM state) carry from one record to the next
 * (across programs too: a program prints the persistent part of its arena at the end and the next one starts
 * from it), and the interpreter runs the records in the same order without resetting. With {@code resetEach},
 * both reset before every record: the records are independent (the golden sets were made that way).
 *
 * <p>This class runs external tools (the one place in the core that does): it is meant for the command line and
 * tests, not for the IDE builder.
 */
public final class CValidator {

    /** Where the generated code runs. */
    public enum Target {
        HOST, M4, M7;

        public static Target parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "host" -> HOST;
                case "m4" -> M4;
                case "m7" -> M7;
                default -> throw new ValidationException("unknown target '" + s + "'; supported: host, m4, m7");
            };
        }
    }

    /** Input bytes embedded into one program at most. */
    public static final int BATCH_BYTES = 1 << 20;

    private static final String DEBIAN = "gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm";

    private CValidator() {
    }

    /** {@link #validate(Model, PackPlan, byte[], int[], Target, String, boolean, Path, Progress)} with the records
     * as one sequence (state carried from record to record, as in TFLite Micro). */
    public static ValidationResult validate(Model model, PackPlan pack, byte[] inputs, int[] labels, Target target,
            String optimize, Path workDir, Progress progress) throws IOException {
        return validate(model, pack, inputs, labels, target, optimize, false, workDir, progress);
    }

    /**
     * @param model     the model to generate and run
     * @param pack      per-layer formats for the generator
     * @param inputs    concatenated input records (a whole number of input tensors)
     * @param labels    one class per record, or null
     * @param target    where to run
     * @param optimize  compiler optimization flag, e.g. "-O2" or "-Os"
     * @param resetEach reset the variable tensors before every record (independent records) instead of carrying
     *                  them from one record to the next
     * @param workDir   an empty folder for sources and programs
     * @throws ValidationException when a tool is missing, compilation fails or the program fails
     */
    public static ValidationResult validate(Model model, PackPlan pack, byte[] inputs, int[] labels, Target target,
            String optimize, boolean resetEach, Path workDir, Progress progress) throws IOException {
        return validate(model, pack, inputs, labels, target, optimize, resetEach, workDir, progress, BATCH_BYTES);
    }

    /**
     * Host compiler flags of a hardened build: every implicit conversion that may change a value is an error, and
     * AddressSanitizer and UndefinedBehaviorSanitizer stop the program at their first report.
     */
    public static final List<String> HARDENED_HOST_FLAGS = List.of("-Wconversion", "-fsanitize=address,undefined",
            "-fno-sanitize-recover=all", "-fno-omit-frame-pointer");

    /** As above, compiled with {@code extraFlags} added (e.g. {@link #HARDENED_HOST_FLAGS}). */
    public static ValidationResult validate(Model model, PackPlan pack, byte[] inputs, int[] labels, Target target,
            String optimize, boolean resetEach, Path workDir, Progress progress, List<String> extraFlags)
            throws IOException {
        return validate(model, pack, inputs, labels, target, optimize, resetEach, workDir, progress, BATCH_BYTES,
                extraFlags);
    }

    /** As above, with at most {@code batchBytes} bytes of input per program (tests cross program boundaries). */
    static ValidationResult validate(Model model, PackPlan pack, byte[] inputs, int[] labels, Target target,
            String optimize, boolean resetEach, Path workDir, Progress progress, int batchBytes) throws IOException {
        return validate(model, pack, inputs, labels, target, optimize, resetEach, workDir, progress, batchBytes,
                List.of());
    }

    private static ValidationResult validate(Model model, PackPlan pack, byte[] inputs, int[] labels, Target target,
            String optimize, boolean resetEach, Path workDir, Progress progress, int batchBytes,
            List<String> extraFlags) throws IOException {
        Interpreter interp = Interpreter.create(model);
        int inSize = interp.inputByteSize(0);
        int outputs = interp.outputCount();
        int outSize = 0;
        for (int k = 0; k < outputs; k++) {
            outSize += interp.outputByteSize(k);
        }
        if (inputs.length == 0 || inputs.length % inSize != 0) {
            throw new ValidationException("the inputs have " + inputs.length + " bytes, not a whole number of "
                    + inSize + "-byte input records");
        }
        int records = inputs.length / inSize;
        if (labels != null && labels.length != records) {
            throw new ValidationException("the labels file has " + labels.length + " lines for " + records
                    + " records");
        }
        requireTools(target);
        String name = "pn_model";
        Map<String, byte[]> files = CGenerator.generate(model, name, pack, progress);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path p = workDir.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
        }
        List<String> runtimeSources = new ArrayList<>();
        for (String f : files.keySet()) {
            if (f.startsWith("runtime/src/") && f.endsWith(".c")) {
                runtimeSources.add(f);
            }
        }
        if (target != Target.HOST) {
            Path platform = workDir.resolve("platform");
            Files.createDirectories(platform);
            for (String f : List.of("startup.c", "pn_bench.c", "pn_bench.h", "mps2-an386.ld", "mps2-an500.ld")) {
                Files.write(platform.resolve(f), RuntimeSources.read("platform/mps2/" + f));
            }
        }
        ArenaPlan plan = MemoryPlanner.plan(model.main(), pack);
        boolean carry = !resetEach && plan.persistentBytes() > 0;
        Files.writeString(workDir.resolve("harness.c"), harness(name, target != Target.HOST, resetEach,
                carry ? plan.persistentOffset() : -1, outputs));
        int perBatch = Math.max(1, batchBytes / inSize);
        byte[] state = new byte[0];
        byte[][] cOutputs = new byte[records][];
        long[] instructions = new long[records];
        long stack = 0;
        ImageSizes sizes = null;
        for (int start = 0, batch = 0; start < records; start += perBatch, batch++) {
            progress.checkCanceled();
            int count = Math.min(perBatch, records - start);
            Files.writeString(workDir.resolve("records.c"), records(inputs, start, count, inSize, state));
            Path exe = workDir.resolve("app" + batch + (target == Target.HOST ? "" : ".elf"));
            List<String> cmd = compileCommand(target, optimize, workDir, runtimeSources, exe);
            cmd.addAll(1, extraFlags);
            run(cmd, workDir, 600, "compiling the generated C");
            if (sizes == null && target != Target.HOST) {
                sizes = ImageSizes.of(exe, name);
            }
            String out = run(runCommand(target, exe), workDir, 1800, "running the generated C on " + target);
            for (String line : out.split("\n")) {
                line = line.trim();
                if (line.startsWith("R ")) {
                    String[] parts = line.split(" ");
                    int idx = start + Integer.parseInt(parts[1]);
                    instructions[idx] = (Long.parseLong(parts[2]) << 32) + Long.parseLong(parts[3]);
                    cOutputs[idx] = hex(parts.length > 4 ? parts[4] : "", outSize);
                } else if (line.startsWith("S ")) {
                    stack = Math.max(stack, Long.parseLong(line.substring(2).trim()));
                } else if (line.startsWith("P ")) {
                    // the state the next program continues from
                    state = hex(line.substring(2).trim(), plan.persistentBytes());
                } else if (line.startsWith("E ")) {
                    throw new ValidationException("the generated " + name + "_invoke failed on record "
                            + (start + Integer.parseInt(line.split(" ")[1])) + " with status " + line.split(" ")[2]
                            + " (1 + the index of the operator whose kernel rejected its arguments)");
                }
            }
        }
        int exact = 0;
        int top1 = 0;
        int correct = 0;
        int firstMismatch = -1;
        for (int r = 0; r < records; r++) {
            if (cOutputs[r] == null) {
                throw new ValidationException("the program printed no output for record " + r);
            }
            byte[] in = java.util.Arrays.copyOfRange(inputs, r * inSize, (r + 1) * inSize);
            if (resetEach) {
                interp.reset();
            }
            byte[] want = concatenated(interp.run(new byte[][] {in}));
            if (java.util.Arrays.equals(want, cOutputs[r])) {
                exact++;
            } else if (firstMismatch < 0) {
                firstMismatch = r;
            }
            // top-1 of output 0 (the scores of a classifier)
            int first = interp.outputByteSize(0);
            int ac = Interpreter.argmax(java.util.Arrays.copyOf(cOutputs[r], first));
            if (ac == Interpreter.argmax(java.util.Arrays.copyOf(want, first))) {
                top1++;
            }
            if (labels != null && ac == labels[r]) {
                correct++;
            }
        }
        return new ValidationResult(target, records, exact, firstMismatch, top1, labels == null ? -1 : correct,
                target == Target.HOST ? null : instructions, interp.macCount(), sizes, target == Target.HOST ? -1
                        : stack, cOutputs, carry);
    }


    /** The outputs of one record, output 0 first, as the harness prints them. */
    private static byte[] concatenated(byte[][] outputs) {
        int size = 0;
        for (byte[] o : outputs) {
            size += o.length;
        }
        byte[] all = new byte[size];
        int at = 0;
        for (byte[] o : outputs) {
            System.arraycopy(o, 0, all, at, o.length);
            at += o.length;
        }
        return all;
    }

    private static byte[] hex(String s, int size) {
        if (s.length() != 2 * size) {
            throw new ValidationException("the program printed " + s.length() / 2 + " output bytes, expected " + size);
        }
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** Fails with the Debian packages to install when a needed tool is missing. */
    public static void requireTools(Target target) {
        List<String> tools = target == Target.HOST ? List.of("gcc")
                : List.of("arm-none-eabi-gcc", "qemu-system-arm");
        for (String tool : tools) {
            if (!onPath(tool)) {
                throw new ValidationException(tool + " not found on the PATH; install the Debian packages "
                        + (target == Target.HOST ? "gcc" : DEBIAN));
            }
        }
    }

    /** Whether an executable of this name is on the PATH. */
    public static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    static List<String> compileCommand(Target target, String optimize, Path dir, List<String> runtimeSources,
            Path exe) {
        List<String> cmd = new ArrayList<>();
        if (target == Target.HOST) {
            cmd.add("gcc");
        } else {
            cmd.add("arm-none-eabi-gcc");
            cmd.addAll(target == Target.M4 ? List.of("-mcpu=cortex-m4", "-mfpu=fpv4-sp-d16")
                    : List.of("-mcpu=cortex-m7", "-mfpu=fpv5-d16"));
            cmd.addAll(List.of("-mfloat-abi=hard", "-mthumb"));
        }
        cmd.addAll(List.of("-std=c99", optimize, "-Wall", "-Wextra", "-Werror", "-ffunction-sections",
                "-fdata-sections", "-Iruntime/include", "-o", exe.toString(), "pn_model.c", "harness.c",
                "records.c"));
        cmd.addAll(runtimeSources);
        if (target != Target.HOST) {
            cmd.addAll(List.of("-Iplatform", "platform/startup.c", "platform/pn_bench.c", "-T",
                    "platform/" + (target == Target.M4 ? "mps2-an386.ld" : "mps2-an500.ld"), "-nostartfiles",
                    "--specs=nano.specs", "--specs=rdimon.specs", "-Wl,--gc-sections"));
        }
        cmd.add("-lm");
        return cmd;
    }

    private static List<String> runCommand(Target target, Path exe) {
        if (target == Target.HOST) {
            return List.of(exe.toString());
        }
        return List.of("qemu-system-arm", "-M", target == Target.M4 ? "mps2-an386" : "mps2-an500", "-nographic",
                "-monitor", "none", "-serial", "none", "-semihosting-config", "enable=on,target=native", "-icount",
                "shift=7,align=off,sleep=off", "-kernel", exe.toString());
    }

    static String run(List<String> cmd, Path dir, int timeoutSeconds, String what) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new ValidationException(what + " took more than " + timeoutSeconds + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ValidationException(what + " was interrupted");
        }
        String text = out.toString(StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            String firstLines = text.lines().limit(20).reduce("", (a, b) -> a + "\n" + b);
            throw new ValidationException(what + " failed (exit status " + p.exitValue() + "): " + String.join(" ",
                    cmd.subList(0, Math.min(cmd.size(), 3))) + " ..." + firstLines);
        }
        return text;
    }

    /** The records of one program, and the persistent part of the arena it starts from (empty: after reset). */
    private static String records(byte[] inputs, int start, int count, int inSize, byte[] state) {
        StringBuilder sb = new StringBuilder(count * inSize * 5 + state.length * 5 + 200);
        sb.append("/* input records for the validation harness (generated) */\n#include <stdint.h>\n")
                .append("const int32_t pn_state_size = ").append(state.length).append(";\n")
                .append("const uint8_t pn_state[").append(Math.max(1, state.length)).append("] = {");
        for (int i = 0; i < state.length; i++) {
            sb.append(i % 32 == 0 ? "\n" : "").append(state[i] & 0xff).append(',');
        }
        sb.append(state.length == 0 ? "0" : "").append("\n};\n")
                .append("const int32_t pn_record_count = ").append(count).append(";\n")
                .append("const int8_t pn_records[").append(count * inSize).append("] = {");
        for (int i = 0; i < count * inSize; i++) {
            sb.append(i % 32 == 0 ? "\n" : "").append(inputs[start * inSize + i]).append(',');
        }
        sb.append("\n};\n");
        return sb.toString();
    }

    /**
     * The harness: resets once (or before every record with {@code resetEach}), outside the measured region; with
     * {@code persistentOffset >= 0} it starts from {@code pn_state} when given and prints the persistent part at
     * the end.
     */
    private static String harness(String name, boolean mcu, boolean resetEach, int persistentOffset, int outputs) {
        String upper = name.toUpperCase(Locale.ROOT);
        StringBuilder c = new StringBuilder();
        c.append("/* validation harness (generated): runs every embedded record, prints outputs */\n")
                .append("#include <stdint.h>\n#include <stdio.h>\n#include <string.h>\n#include \"").append(name)
                .append(".h\"\n");
        if (mcu) {
            c.append("#include \"pn_bench.h\"\nextern uint32_t __stack_top__[];\nextern uint32_t __stack_size__[];\n");
        }
        c.append("extern const int32_t pn_record_count;\nextern const int8_t pn_records[];\n")
                .append("extern const int32_t pn_state_size;\nextern const uint8_t pn_state[];\n")
                .append("static uint8_t arena[").append(upper).append("_ARENA_SIZE] __attribute__((aligned(16)));\n")
                .append("static const char hexd[] = \"0123456789abcdef\";\n");
        if (mcu) {
            c.append("#define PAINT 0x5AA5C33Cu\n")
                    .append("static void __attribute__((noinline)) paint(void)\n{\n")
                    .append("    volatile uint32_t here = 0;\n")
                    .append("    uint32_t *lo = (uint32_t *)((uintptr_t)__stack_top__ - (uintptr_t)__stack_size__);\n")
                    .append("    uint32_t *hi = (uint32_t *)(((uintptr_t)&here - 64u) & ~3u);\n")
                    .append("    while (lo < hi) {\n        *lo++ = PAINT;\n    }\n}\n")
                    .append("static uint32_t used(void)\n{\n")
                    .append("    uint32_t *lo = (uint32_t *)((uintptr_t)__stack_top__ - (uintptr_t)__stack_size__);\n")
                    .append("    while (*lo == PAINT) {\n        lo++;\n    }\n")
                    .append("    return (uint32_t)((uintptr_t)__stack_top__ - (uintptr_t)lo);\n}\n");
        }
        StringBuilder total = new StringBuilder(upper + "_OUTPUT_SIZE");
        for (int k = 1; k < outputs; k++) {
            total.append(" + ").append(upper).append("_OUTPUT").append(k).append("_SIZE");
        }
        c.append("int main(void)\n{\n    int32_t r;\n    int i;\n    char line[2 * (").append(total)
                .append(") + 1];\n    uint32_t stack = 0;\n");
        c.append("    ").append(name).append("_reset(arena);\n");
        if (persistentOffset >= 0) {
            c.append("    if (pn_state_size > 0) {\n        /* continue the sequence of the previous program */\n")
                    .append("        memcpy(arena + ").append(persistentOffset).append(", pn_state, (size_t)")
                    .append("pn_state_size);\n    }\n");
        }
        c.append("    for (r = 0; r < pn_record_count; r++) {\n")
                .append("        unsigned long long n = 0;\n        int status;\n");
        if (resetEach) {
            c.append("        ").append(name).append("_reset(arena);\n");
        }
        c.append("        memcpy(").append(name).append("_input(arena), pn_records + (long)r * ").append(upper)
                .append("_INPUT_SIZE, ").append(upper).append("_INPUT_SIZE);\n");
        if (mcu) {
            c.append("        paint();\n        pn_bench_start();\n        status = ").append(name)
                    .append("_invoke(arena);\n        n = pn_bench_stop();\n")
                    .append("        if (used() > stack) {\n            stack = used();\n        }\n");
        } else {
            c.append("        status = ").append(name).append("_invoke(arena);\n");
        }
        c.append("        if (status != 0) {\n            printf(\"E %ld %d\\n\", (long)r, status);\n")
                .append("            return 1;\n        }\n")
                .append("        {\n            int at = 0;\n\n");
        for (int k = 0; k < outputs; k++) {
            String suffix = k == 0 ? "" : Integer.toString(k);
            c.append("            for (i = 0; i < ").append(upper).append("_OUTPUT").append(suffix)
                    .append("_SIZE; i++, at++) {\n")
                    .append("                uint8_t v = (uint8_t)").append(name).append("_output").append(suffix)
                    .append("(arena)[i];\n")
                    .append("                line[2 * at] = hexd[v >> 4];\n")
                    .append("                line[2 * at + 1] = hexd[v & 15];\n            }\n");
        }
        c.append("            line[2 * at] = 0;\n        }\n")
                .append("        printf(\"R %ld %lu %lu %s\\n\", (long)r, (unsigned long)(n >> 32), (unsigned long)(n & 0xFFFFFFFFu), line);\n    }\n")
                .append("    printf(\"S %lu\\n\", (unsigned long)stack);\n");
        if (persistentOffset >= 0) {
            c.append("    {\n        static char state[2 * ").append(upper).append("_PERSISTENT_SIZE + 1];\n\n")
                    .append("        for (i = 0; i < ").append(upper).append("_PERSISTENT_SIZE; i++) {\n")
                    .append("            uint8_t v = arena[").append(persistentOffset).append(" + i];\n")
                    .append("            state[2 * i] = hexd[v >> 4];\n            state[2 * i + 1] = hexd[v & 15];\n")
                    .append("        }\n        state[2 * ").append(upper).append("_PERSISTENT_SIZE] = 0;\n")
                    .append("        printf(\"P %s\\n\", state);\n    }\n");
        }
        c.append("    return 0;\n}\n");
        return c.toString();
    }

    /** Signals a validation failure with a one-line reason. */
    public static final class ValidationException extends PrunusException {
        private static final long serialVersionUID = 1L;

        public ValidationException(String message) {
            super(message);
        }
    }
}
