package dev.prunus.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.testing.CancelAfter;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * Reproducibility and concurrency of the pipeline: the same request gives the same bytes in another process, in
 * parallel with other builds, and after any number of cancelled attempts (no state leaks from one run into the
 * next). Iterations are bounded; nothing is timed.
 */
class PipelineStressTest {

    private static final byte[] MODEL = TfliteWriter.write(DemoModel.build());
    private static final byte[] CAL = DemoModel.inputs(8);

    /** The build of one configuration: a method and ratio over the demo model with calibration records. */
    static PipelineRequest request(String method, double ratio) {
        PrunusSettings s = PrunusSettings.defaults("demo.tflite").withMethod(method, ratio)
                .withBudget(new PrunusSettings.Budget(null, null, null, null)).withData("cal.s8", null, null);
        return new PipelineRequest("demo.tflite", MODEL, s, p -> {
            if (!p.equals("cal.s8")) {
                throw new NoSuchFileException(p);
            }
            return CAL;
        });
    }

    private static final String[][] CONFIGS = { { "filterlet", "0.5" }, { "channel", "0.25" }, { "block", "0.5" },
        { "unstructured", "0.75" }, { "none", "0" }, { "auto", "0.5" } };

    /** SHA-256 of every output, one line each: what another process prints for comparison. */
    static String digest(SortedMap<String, byte[]> files) throws NoSuchAlgorithmException {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            b.append(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(e.getValue()))).append(' ')
                    .append(e.getKey()).append('\n');
        }
        return b.toString();
    }

    /** Entry of the child process: prints the digest of the filterlet build. */
    public static void main(String[] args) throws Exception {
        System.out.print(digest(Pipeline.run(request("filterlet", 0.5), Progress.NONE).files()));
    }

    @Test
    void anotherProcessGivesTheSameBytes() throws Exception {
        String here = digest(Pipeline.run(request("filterlet", 0.5), Progress.NONE).files());
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                classPath, PipelineStressTest.class.getName()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String there = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child process ended");
        assertEquals(0, p.exitValue());
        assertEquals(here, there, "outputs of a fresh JVM");
    }

    @Test
    void parallelBuildsAndCancelledAttemptsGiveTheSequentialBytes() throws Exception {
        List<SortedMap<String, byte[]>> reference = new ArrayList<>();
        for (String[] c : CONFIGS) {
            reference.add(Pipeline.run(request(c[0], Double.parseDouble(c[1])), Progress.NONE).files());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<SortedMap<String, byte[]>>> futures = new ArrayList<>();
                for (int i = 0; i < CONFIGS.length; i++) {
                    String[] c = CONFIGS[i];
                    int shift = i + round;
                    futures.add(pool.submit(() -> {
                        // A user cancels the build at some point, then again later, then lets it finish: an
                        // attempt that gets through before its cancel must give the same bytes as the last.
                        for (int checks : new int[] { 1 + shift, 10 + shift, 100 + shift }) {
                            try {
                                SortedMap<String, byte[]> early = Pipeline.run(request(c[0], Double.parseDouble(c[1])),
                                        new CancelAfter(checks)).files();
                                assertEquals(digest(early), digest(Pipeline.run(request(c[0],
                                        Double.parseDouble(c[1])), Progress.NONE).files()));
                            } catch (CanceledException expected) {
                                // cancelled part-way: nothing returned, nothing to compare
                            }
                        }
                        return Pipeline.run(request(c[0], Double.parseDouble(c[1])), Progress.NONE).files();
                    }));
                }
                for (int i = 0; i < CONFIGS.length; i++) {
                    SortedMap<String, byte[]> got = futures.get(i).get(300, TimeUnit.SECONDS);
                    SortedMap<String, byte[]> want = reference.get(i);
                    assertEquals(want.keySet(), got.keySet(), CONFIGS[i][0]);
                    for (String name : want.keySet()) {
                        assertArrayEquals(want.get(name), got.get(name), CONFIGS[i][0] + " " + name + " round "
                                + round);
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The reference outputs are distinct per configuration: the comparison above would notice a mix-up. */
    @Test
    void configurationsGiveDifferentReports() throws IOException {
        TreeMap<String, String> reports = new TreeMap<>();
        for (String[] c : CONFIGS) {
            byte[] json = Pipeline.run(request(c[0], Double.parseDouble(c[1])), Progress.NONE).files()
                    .get("demo.report.json");
            reports.put(c[0], new String(json, StandardCharsets.UTF_8));
        }
        assertEquals(CONFIGS.length, new java.util.HashSet<>(reports.values()).size());
    }
}
