package dev.prunus.builder.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.ModelFiles;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.demo.DigitsDemo;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * The IDE and the command line give the same bytes: the builder's outputs for a settings file in a project are
 * compared, file by file and byte for byte, with what {@code prunus prune --settings FILE --out DIR} computes for the
 * same files on disk. The command line's call is made here as the CLI makes it (the settings read from the file, data
 * resolved beside it, the training folder beside it, the previous outputs from its own, empty, output folder); the
 * CLI bundle is built after this one, so its classes cannot be loaded here. Cases: no pruning (what {@code generate}
 * writes with a settings file), pruning with calibration and validation records, a budget, and training on labelled
 * data (the digits demo, one epoch).
 */
class IdeCliReproducibilityTest {

    private static final byte[] DEMO = TfliteWriter.write(DemoModel.build());

    private IProject project;

    @BeforeEach
    void createProject() throws CoreException {
        project = TestProjects.create("reproducibility-test");
    }

    @AfterEach
    void deleteProject() throws CoreException {
        project.delete(true, true, null);
    }

    private IFile write(String path, byte[] bytes) throws CoreException {
        return TestProjects.write(project, path, bytes);
    }

    private static byte[] bytes(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents(true)) {
            return in.readAllBytes();
        }
    }

    /** Every file under a folder by its path relative to the folder. */
    private static SortedMap<String, byte[]> contents(IFolder folder) throws CoreException {
        SortedMap<String, byte[]> files = new TreeMap<>();
        folder.accept(r -> {
            if (r instanceof IFile f) {
                try {
                    files.put(f.getFullPath().makeRelativeTo(folder.getFullPath()).toPortableString(), bytes(f));
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }
            return true;
        });
        return files;
    }

    /**
     * What {@code prunus prune MODEL --settings FILE --out DIR} computes: the settings read from the file, data
     * resolved beside it, training data under its folder, previous outputs from {@code out}.
     */
    static SortedMap<String, byte[]> commandLine(Path model, Path settingsFile, Path out) throws IOException {
        PrunusSettings s = SettingsIO.read(Files.readAllBytes(settingsFile));
        Path base = settingsFile.toAbsolutePath().getParent();
        PipelineRequest request = new PipelineRequest(model.getFileName().toString(), Files.readAllBytes(model), s,
                p -> Files.readAllBytes(base.resolve(p)), base,
                p -> Files.isRegularFile(out.resolve(p)) ? Files.readAllBytes(out.resolve(p)) : null);
        return Pipeline.run(request, Progress.NONE).files();
    }

    /** Builds the project and compares the outputs of one settings file with the command line's. */
    private void assertSameAsCommandLine(String settingsPath, String modelPath, String output) throws Exception {
        project.build(IncrementalProjectBuilder.FULL_BUILD, new NullProgressMonitor());
        IFile settingsFile = project.getFile(IPath.fromPortableString(settingsPath));
        for (IMarker m : project.findMarkers(ModelFiles.MARKER_TYPE, true, IResource.DEPTH_INFINITE)) {
            assertFalse(m.getAttribute(IMarker.SEVERITY, -1) == IMarker.SEVERITY_ERROR,
                    "the build failed: " + m.getAttribute(IMarker.MESSAGE, ""));
        }
        IFolder folder = project.getFolder(IPath.fromPortableString(output));
        assertTrue(folder.exists(), "the builder wrote " + folder);
        SortedMap<String, byte[]> ide = contents(folder);
        Path out = Files.createTempDirectory("prunus-cli-out");
        try {
            SortedMap<String, byte[]> cli = commandLine(project.getFile(IPath.fromPortableString(modelPath))
                    .getLocation().toFile().toPath(), settingsFile.getLocation().toFile().toPath(), out);
            assertEquals(cli.keySet(), ide.keySet(), "the same files from " + settingsPath);
            for (Map.Entry<String, byte[]> e : cli.entrySet()) {
                assertArrayEquals(e.getValue(), ide.get(e.getKey()), e.getKey() + " differs between IDE and CLI");
            }
        } finally {
            try (var walk = Files.walk(out)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void settings(String path, PrunusSettings s) throws CoreException {
        write(path, SettingsIO.write(s));
    }

    @Test
    void withoutPruningTheBytesAreTheCommandLines() throws Exception {
        write("models/demo.tflite", DEMO);
        settings("models/demo.prunus.json", PrunusSettings.defaults("demo.tflite").withMethod("none", null)
                .withBudget(null));
        assertSameAsCommandLine("models/demo.prunus.json", "models/demo.tflite", "prunus-gen/demo");
    }

    @Test
    void pruningWithRecordsAndABudgetGivesTheCommandLinesBytes() throws Exception {
        write("models/demo.tflite", DEMO);
        write("data/cal.s8", DemoModel.inputs(16));
        write("data/val.s8", DemoModel.inputs(24));
        PrunusSettings s = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5)
                .withBudget(new PrunusSettings.Budget(1L << 20, null, null, null))
                .withData("../data/cal.s8", "../data/val.s8", null).withOutput("generated/demo");
        settings("models/demo.prunus.json", s);
        assertSameAsCommandLine("models/demo.prunus.json", "models/demo.tflite", "generated/demo");
        // A second model with another method in the same project: each has its own bytes.
        write("models/other.tflite", DEMO);
        settings("models/other.prunus.json", PrunusSettings.defaults("other.tflite").withMethod("channel", 0.25)
                .withBudget(null).withData("../data/cal.s8", null, null));
        assertSameAsCommandLine("models/other.prunus.json", "models/other.tflite", "prunus-gen/other");
    }

    @Test
    void trainingOnLabelledDataGivesTheCommandLinesBytes() throws Exception {
        write("digits.tflite", DigitsDemo.read(DigitsDemo.MODEL));
        write("data/" + DigitsDemo.TRAIN, DigitsDemo.read(DigitsDemo.TRAIN));
        String text = """
                {
                  "schema": 1,
                  "model": "digits.tflite",
                  "method": "filterlet",
                  "ratio": 0.3,
                  "training": {"data": "data/%s", "validationSplit": 0.2, "epochs": 1, "seed": 3, "threads": 2}
                }
                """.formatted(DigitsDemo.TRAIN);
        write("digits.prunus.json", text.getBytes(StandardCharsets.UTF_8));
        assertSameAsCommandLine("digits.prunus.json", "digits.tflite", "prunus-gen/digits");
    }
}
