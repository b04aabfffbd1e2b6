package dev.prunus.builder.tests;

import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceDescription;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.PrunusNature;
import dev.prunus.builder.ops.RegenerateOperation;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * Builder figures for docs/benchmarks/builder.md, printed as {@code BENCH} lines; never asserted (timings depend on
 * the machine). Not part of the normal test run (its name matches no surefire include pattern): run it with
 * {@code bundles/dev.prunus.builder.tests/bench/run.sh}. Real models come from ../shared in place (linked files);
 * without them the demo model stands in and the lines say so.
 */
class BuilderBenchmark {

    private static final int RUNS = 25;

    @Test
    void benchmark() throws Exception {
        IWorkspaceDescription description = ResourcesPlugin.getWorkspace().getDescription();
        description.setAutoBuilding(false);
        ResourcesPlugin.getWorkspace().setDescription(description);
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("builder-benchmark");
        project.create(null);
        project.open(null);
        PrunusNature.setEnabled(project, true, null);
        RecordingConsole console = RecordingConsole.register();
        try {
            Path shared = Paths.get(System.getProperty("prunus.shared", "../../../shared"), "models");
            List<String> names = List.of("tflm/person_detect.tflite", "mlperf_tiny/vww_96_int8.tflite",
                    "mlperf_tiny/kws_ref_model.tflite");
            long largest = 0;
            for (String name : names) {
                Path model = shared.resolve(name);
                String file = model.getFileName().toString();
                long size;
                if (Files.isRegularFile(model)) {
                    project.getFile(file).createLink(IPath.fromOSString(model.toAbsolutePath().toString()),
                            IResource.NONE, null);
                    size = Files.size(model);
                } else {
                    byte[] demo = TfliteWriter.write(DemoModel.build());
                    project.getFile(file).create(new ByteArrayInputStream(demo), IResource.NONE, null);
                    size = demo.length;
                    System.out.println("BENCH note: " + model + " absent, demo model used as " + file);
                }
                largest = Math.max(largest, size);
                // A flash budget of 80% of the file: pruning without calibration records.
                PrunusSettings settings = PrunusSettings.defaults(file)
                        .withBudget(new PrunusSettings.Budget(size * 8 / 10, null, null, 1.0));
                project.getFile(PrunusSettings.settingsFileNameFor(file)).create(
                        new ByteArrayInputStream(SettingsIO.write(settings)), IResource.NONE, null);
            }
            long t0 = System.nanoTime();
            project.build(IncrementalProjectBuilder.FULL_BUILD, new NullProgressMonitor());
            System.out.printf(Locale.ROOT, "BENCH first full build, 3 models: %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            console.infos.forEach(l -> System.out.println("BENCH   console: " + l));
            console.errors.forEach(l -> System.out.println("BENCH   console error: " + l));

            IFile unrelated = project.getFile("unrelated.txt");
            unrelated.create(new ByteArrayInputStream(new byte[] { 1 }), IResource.NONE, null);
            project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
            List<Double> incremental = new ArrayList<>();
            List<Double> full = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                unrelated.setContents(new ByteArrayInputStream(new byte[] { (byte) i }), IResource.NONE, null);
                long t = System.nanoTime();
                project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
                incremental.add((System.nanoTime() - t) / 1e6);
                t = System.nanoTime();
                project.build(IncrementalProjectBuilder.FULL_BUILD, null);
                full.add((System.nanoTime() - t) / 1e6);
            }
            report("no-change incremental build (unrelated file touched), 3 models", incremental);
            report("no-change full build (all inputs re-hashed), 3 models", full);

            IFile person = project.getFile("person_detect.tflite");
            IFile settingsFile = project.getFile("person_detect.prunus.json");
            PrunusSettings budgeted = PrunusSettings.defaults("person_detect.tflite")
                    .withBudget(new PrunusSettings.Budget(200_000L, null, null, 1.0));
            settingsFile.setContents(new ByteArrayInputStream(SettingsIO.write(budgeted)), IResource.NONE, null);
            List<Double> regenerate = new ArrayList<>();
            long allocated = 0;
            long retained = 0;
            for (int i = 0; i < 5; i++) {
                System.gc();
                long before = usedHeap();
                console.clear();
                long bytes = allocatedBytes();
                long t = System.nanoTime();
                RegenerateOperation operation = new RegenerateOperation(person);
                operation.execute(new NullProgressMonitor());
                regenerate.add((System.nanoTime() - t) / 1e6);
                allocated = Math.max(allocated, allocatedBytes() - bytes);
                System.gc();
                retained = Math.max(retained, usedHeap() - before);
                if (i == 0) {
                    System.out.println("BENCH regenerate outcome: " + operation.outcome());
                    console.infos.forEach(l -> System.out.println("BENCH   console: " + l));
                    console.errors.forEach(l -> System.out.println("BENCH   console error: " + l));
                }
            }
            report("regenerate person_detect with a flash budget of 200,000 B", regenerate);
            liveMemory(person, largest);
            long model = Files.isRegularFile(shared.resolve(names.get(0))) ? Files.size(shared.resolve(names.get(0)))
                    : largest;
            System.out.printf(Locale.ROOT, "BENCH bytes allocated by one regenerate of person_detect (an upper bound"
                    + " of its transient memory): %,d B = %.1f x the model (%,d B)%n", allocated,
                    allocated / (double) model, model);
            System.out.printf(Locale.ROOT, "BENCH heap retained after a regenerate (after GC): %,d B%n",
                    Math.max(0, retained));
            cancelLatency(person);
        } finally {
            console.unregister();
            project.delete(true, true, null);
        }
    }

    /**
     * Samples the live heap (used heap right after a full GC, forced every 20 ms by a second thread) during one
     * regenerate, and prints its peak above the idle baseline. The forced GCs slow the run; the time is not used.
     */
    private static void liveMemory(IFile model, long largest) throws Exception {
        System.gc();
        long baseline = usedHeap();
        long[] peak = { baseline };
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread sampler = new Thread(() -> {
            while (running.get()) {
                System.gc();
                peak[0] = Math.max(peak[0], usedHeap());
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        new RegenerateOperation(model).execute(new NullProgressMonitor());
        running.set(false);
        sampler.join();
        long above = peak[0] - baseline;
        System.out.printf(Locale.ROOT, "BENCH live heap peak above idle during one regenerate of person_detect"
                + " (sampled after forced full GCs): %,d B = %.1f x the largest model (%,d B)%n", above,
                above / (double) largest, largest);
    }

    /** Cancels regenerations of a model at several points and prints how long each took to stop. */
    private static void cancelLatency(IFile model) throws Exception {
        List<Double> latencies = new ArrayList<>();
        for (int delay : new int[] { 50, 150, 300, 500, 800, 1200 }) {
            NullProgressMonitor monitor = new NullProgressMonitor();
            RegenerateOperation operation = new RegenerateOperation(model);
            Throwable[] failure = new Throwable[1];
            Thread worker = new Thread(() -> {
                try {
                    operation.execute(monitor);
                } catch (org.eclipse.core.runtime.OperationCanceledException e) {
                    // expected
                } catch (Throwable e) {
                    failure[0] = e;
                }
            });
            worker.start();
            Thread.sleep(delay);
            long t = System.nanoTime();
            monitor.setCanceled(true);
            worker.join();
            double ms = (System.nanoTime() - t) / 1e6;
            String state = failure[0] != null ? "failed: " + failure[0]
                    : operation.outcome() == null ? "canceled" : "finished before the cancel";
            System.out.printf(Locale.ROOT, "BENCH cancel %d ms into a regenerate: stopped %.1f ms later (%s)%n",
                    delay, ms, state);
            if (operation.outcome() == null) {
                latencies.add(ms);
            }
        }
        if (!latencies.isEmpty()) {
            report("cancel latency of a regenerate", latencies);
        }
    }

    /** Bytes the current thread allocated so far, through the platform MBean (HotSpot's Threading attribute). */
    private static long allocatedBytes() throws Exception {
        return (Long) ManagementFactory.getPlatformMBeanServer().invoke(
                new javax.management.ObjectName(ManagementFactory.THREAD_MXBEAN_NAME), "getThreadAllocatedBytes",
                new Object[] { Thread.currentThread().getId() }, new String[] { long.class.getName() });
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void report(String what, List<Double> millis) {
        List<Double> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        System.out.printf(Locale.ROOT, "BENCH %s: median %.2f ms, min %.2f ms, max %.2f ms over %d runs%n", what,
                sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1), sorted.size());
    }
}
