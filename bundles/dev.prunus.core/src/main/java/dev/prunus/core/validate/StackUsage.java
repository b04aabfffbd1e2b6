package dev.prunus.core.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.prunus.core.validate.CValidator.ValidationException;

/**
 * Worst-case stack of one {@code <symbol>_invoke} on a Cortex-M, from the compiler itself: the generated C and its
 * runtime files are compiled with arm-none-eabi-gcc {@code -fcallgraph-info=su} (GCC's per-function frame sizes
 * and call graph), and the deepest call chain from the entry is summed. Calls into the C library (memcpy,
 * memset), which GCC does not describe, are charged {@link #LIBRARY_CALL_BYTES} each; recursion or a frame of
 * unbounded dynamic size makes the bound unknown, reported as a {@link ValidationException}.
 */
public final class StackUsage {

    /** Charged for a call into a function the compilation did not see (newlib's memcpy and memset use less). */
    public static final int LIBRARY_CALL_BYTES = 64;

    private static final Pattern NODE = Pattern.compile(
            "node: \\{ title: \"([^\"]+)\" label: \"[^\"]*\\\\n(\\d+) bytes \\(([^)]*)\\)\"");
    private static final Pattern EDGE = Pattern.compile("edge: \\{ sourcename: \"([^\"]+)\" targetname: \"([^\"]+)\"");

    /** The bound in bytes, the call chain that reaches it, and the library functions charged. */
    public record Result(long bytes, List<String> deepestChain, Set<String> libraryCalls) {
    }

    private final Map<String, Long> frames = new HashMap<>();
    private final Map<String, Set<String>> calls = new HashMap<>();

    private StackUsage() {
    }

    /**
     * Compiles the generated files (as {@link dev.prunus.core.codegen.CGenerator} returns them) for {@code core}
     * ("m4" or "m7") at -O2 in {@code work} and bounds the stack of {@code symbol}_invoke.
     */
    public static Result of(Map<String, byte[]> files, String symbol, String core, Path work) throws IOException {
        CValidator.requireTools(CValidator.Target.M4);
        List<String> sources = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            Path p = work.resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.write(p, e.getValue());
            if (e.getKey().endsWith(".c")) {
                sources.add(e.getKey());
            }
        }
        Path out = Files.createDirectories(work.resolve("stack"));
        StackUsage graph = new StackUsage();
        for (String source : sources) {
            String object = "stack/" + source.replace('/', '_').replace(".c", ".o");
            List<String> cmd = new ArrayList<>(List.of("arm-none-eabi-gcc", "m7".equals(core) ? "-mcpu=cortex-m7"
                    : "-mcpu=cortex-m4", "m7".equals(core) ? "-mfpu=fpv5-d16" : "-mfpu=fpv4-sp-d16",
                    "-mfloat-abi=hard", "-mthumb", "-std=c99", "-O2", "-Iruntime/include", "-fcallgraph-info=su", "-c",
                    source, "-o", object));
            CValidator.run(cmd, work, 300, "compiling " + source + " for the stack bound");
        }
        try (var s = Files.list(out)) {
            for (Path ci : s.filter(p -> p.toString().endsWith(".ci")).sorted().toList()) {
                graph.add(Files.readString(ci));
            }
        }
        return graph.worst(symbol + "_invoke");
    }

    /** Bounds the stack of {@code entry} from the call-graph files' text (tests feed it directly). */
    static Result parse(List<String> callGraphs, String entry) {
        StackUsage graph = new StackUsage();
        callGraphs.forEach(graph::add);
        return graph.worst(entry);
    }

    private void add(String text) {
        for (String line : text.split("\n")) {
            Matcher n = NODE.matcher(line);
            if (n.find()) {
                String kind = n.group(3);
                if (kind.contains("dynamic") && !kind.contains("bounded")) {
                    throw new ValidationException("function " + n.group(1) + " has a stack frame of unbounded size ("
                            + kind + "); the stack bound is unknown");
                }
                frames.put(n.group(1), Long.parseLong(n.group(2)));
                continue;
            }
            Matcher e = EDGE.matcher(line);
            if (e.find()) {
                calls.computeIfAbsent(e.group(1), k -> new LinkedHashSet<>()).add(e.group(2));
            }
        }
    }

    private Result worst(String entry) {
        if (!frames.containsKey(entry)) {
            throw new ValidationException("the call graph has no function " + entry);
        }
        Set<String> library = new TreeSet<>();
        List<String> chain = new ArrayList<>();
        long bytes = deepest(entry, new LinkedHashSet<>(), chain, library, new HashMap<>());
        return new Result(bytes, List.copyOf(chain), library);
    }

    private long deepest(String f, LinkedHashSet<String> active, List<String> chain, Set<String> library,
            Map<String, Object[]> memo) {
        Object[] known = memo.get(f);
        if (known != null) {
            chain.addAll(List.of((String[]) known[1]));
            return (Long) known[0];
        }
        if (!active.add(f)) {
            throw new ValidationException("recursion through " + f + " (" + String.join(" -> ", active)
                    + "); the stack bound is unknown");
        }
        Long own = frames.get(f);
        if (own == null) {
            library.add(f);
        }
        long best = 0;
        List<String> bestChain = List.of();
        for (String g : calls.getOrDefault(f, Set.of())) {
            List<String> sub = new ArrayList<>();
            long b = deepest(g, active, sub, library, memo);
            if (b > best) {
                best = b;
                bestChain = sub;
            }
        }
        active.remove(f);
        long total = (own == null ? LIBRARY_CALL_BYTES : own) + best;
        List<String> mine = new ArrayList<>();
        mine.add(f);
        mine.addAll(bestChain);
        memo.put(f, new Object[] { total, mine.toArray(String[]::new) });
        chain.addAll(mine);
        return total;
    }
}
