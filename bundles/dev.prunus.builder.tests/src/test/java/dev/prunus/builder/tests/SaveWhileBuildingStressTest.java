package dev.prunus.builder.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceDescription;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.ModelFiles;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * Saving the settings file and the model while builds run: every save stays as the user wrote it (no lost update),
 * the outputs after the last build are exactly the pipeline's for the last saved settings and model (no stale
 * output), and every thread finishes (no deadlock). Saves come from one thread while another builds in a loop, and
 * from the same thread with auto-build on, as an editor's Save does. Iterations are bounded; the waits only guard
 * against a hang (a deadlock fails the test instead of stopping the run), nothing is timed.
 */
class SaveWhileBuildingStressTest {

    private static final int ROUNDS = 12;
    /** Far longer than any build of the demo model: reaching it means a thread is stuck. */
    private static final long HANG_GUARD_MINUTES = 5;

    private static final byte[] DEMO = TfliteWriter.write(DemoModel.build());
    private static final byte[] CAL = DemoModel.inputs(8);
    /** A second valid model: the demo pruned by channels, as a user replacing the model file would save. */
    private static final byte[] PRUNED = Pipeline.run(new PipelineRequest("demo.tflite", DEMO,
            PrunusSettings.defaults("demo.tflite").withMethod("channel", 0.5).withBudget(null), p -> {
                throw new IOException(p);
            }), Progress.NONE).files().get("demo.pruned.tflite");
    private static final String[][] CONFIGS = { { "filterlet", "0.5" }, { "channel", "0.25" }, { "none", null },
        { "block", "0.5" }, { "unstructured", "0.75" } };

    private IProject project;
    private boolean autoBuild;

    @BeforeEach
    void createProject() throws CoreException {
        autoBuild = ResourcesPlugin.getWorkspace().getDescription().isAutoBuilding();
        project = TestProjects.create("save-while-building");
        write("cal.s8", CAL);
    }

    @AfterEach
    void deleteProject() throws Exception {
        setAutoBuild(false);
        Job.getJobManager().join(ResourcesPlugin.FAMILY_AUTO_BUILD, null);
        project.delete(true, true, null);
        setAutoBuild(autoBuild);
    }

    private static void setAutoBuild(boolean on) throws CoreException {
        IWorkspaceDescription description = ResourcesPlugin.getWorkspace().getDescription();
        description.setAutoBuilding(on);
        ResourcesPlugin.getWorkspace().setDescription(description);
    }

    private IFile write(String path, byte[] bytes) throws CoreException {
        return TestProjects.write(project, path, bytes);
    }

    private static byte[] bytes(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents(true)) {
            return in.readAllBytes();
        }
    }

    /** The settings of round {@code i}: each round another method and ratio, so every save changes the output. */
    private static byte[] settings(int i) {
        String[] c = CONFIGS[i % CONFIGS.length];
        return SettingsIO.write(PrunusSettings.defaults("demo.tflite")
                .withMethod(c[0], c[1] == null ? null : Double.valueOf(c[1])).withBudget(null)
                .withData("cal.s8", null, null));
    }

    /** The model of round {@code i}: every third round the other model. */
    private static byte[] model(int i) {
        return i % 3 == 2 ? PRUNED : DEMO;
    }

    /** Saves round {@code i}'s settings and model, the settings first as a user who edits the form then the model. */
    private void save(int i) throws CoreException {
        write("demo.prunus.json", settings(i));
        write("demo.tflite", model(i));
    }

    /** The outputs now on disk under the output folder. */
    private SortedMap<String, byte[]> outputs() throws CoreException {
        IFolder folder = project.getFolder("prunus-gen/demo");
        SortedMap<String, byte[]> files = new TreeMap<>();
        folder.accept(r -> {
            if (r instanceof IFile f) {
                try {
                    files.put(f.getProjectRelativePath().makeRelativeTo(folder.getProjectRelativePath())
                            .toPortableString(), bytes(f));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return true;
        });
        return files;
    }

    /** The last save stands and the outputs are the pipeline's for it: nothing lost, nothing stale, no error. */
    private void assertOutputsFollowTheLastSave(int last) throws Exception {
        assertArrayEquals(settings(last), bytes(project.getFile("demo.prunus.json")), "the last settings saved");
        assertArrayEquals(model(last), bytes(project.getFile("demo.tflite")), "the last model saved");
        Map<String, byte[]> expected = Pipeline.run(new PipelineRequest("demo.tflite", model(last),
                SettingsIO.read(settings(last)), p -> {
                    if (!p.equals("cal.s8")) {
                        throw new IOException(p);
                    }
                    return CAL;
                }), Progress.NONE).files();
        SortedMap<String, byte[]> actual = outputs();
        assertEquals(new TreeMap<>(expected).keySet(), actual.keySet(), "exactly the last save's files");
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            assertArrayEquals(e.getValue(), actual.get(e.getKey()), e.getKey() + " is stale");
        }
        for (IMarker m : project.findMarkers(ModelFiles.MARKER_TYPE, true, IResource.DEPTH_INFINITE)) {
            assertTrue(m.getAttribute(IMarker.SEVERITY, -1) != IMarker.SEVERITY_ERROR,
                    "no failure left behind: " + m.getAttribute(IMarker.MESSAGE, ""));
        }
    }

    private static void finish(Future<?> f, String what) throws Exception {
        try {
            f.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError(what + " did not finish: deadlock", e);
        }
    }

    @Test
    void savesFromAnotherThreadWhileBuildsRunInALoop() throws Exception {
        save(0);
        project.build(IncrementalProjectBuilder.FULL_BUILD, new NullProgressMonitor());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> builds = pool.submit(() -> {
                for (int i = 0; i < ROUNDS; i++) {
                    project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, new NullProgressMonitor());
                }
                return null;
            });
            Future<?> saves = pool.submit(() -> {
                for (int i = 1; i <= ROUNDS; i++) {
                    save(i);
                    Thread.yield();
                }
                return null;
            });
            finish(saves, "saving");
            finish(builds, "building");
        } finally {
            pool.shutdownNow();
        }
        // The build after the last save: whatever the loop saw, this one must catch up.
        project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, new NullProgressMonitor());
        assertOutputsFollowTheLastSave(ROUNDS);
    }

    @Test
    void savesWithAutoBuildOnAreAllBuiltAndTheLastOneWins() throws Exception {
        save(0);
        project.build(IncrementalProjectBuilder.FULL_BUILD, new NullProgressMonitor());
        setAutoBuild(true);
        for (int i = 1; i <= ROUNDS; i++) {
            save(i);
            if (i % 4 == 0) {
                // Now and then a save lands while the auto-build of the previous one is running.
                Job.getJobManager().join(ResourcesPlugin.FAMILY_AUTO_BUILD, null);
            }
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            finish(pool.submit(() -> {
                Job.getJobManager().join(ResourcesPlugin.FAMILY_AUTO_BUILD, null);
                return null;
            }), "the auto-build");
        } finally {
            pool.shutdownNow();
        }
        assertOutputsFollowTheLastSave(ROUNDS);
    }
}
