package dev.prunus.builder.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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
import dev.prunus.builder.internal.ModelGenerator;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * Defects a new user hit with the bundled workbench's sample: outputs the command line wrote, a conflict message
 * whose advice came after 21 paths, a console that stayed at FAILED, lines cut at the view's edge, and JSON
 * syntax errors a line late in the parser's words.
 */
class OutputOwnershipTest {

    private static final byte[] DEMO = TfliteWriter.write(DemoModel.build());

    private IProject project;
    private RecordingConsole console;

    @BeforeEach
    void createProject() throws CoreException {
        project = TestProjects.create("ownership-test");
        console = RecordingConsole.register();
    }

    @AfterEach
    void deleteProject() throws CoreException {
        console.unregister();
        project.delete(true, true, null);
    }

    private IFile write(String path, byte[] bytes) throws CoreException {
        return TestProjects.write(project, path, bytes);
    }

    private static PrunusSettings settings(double ratio) {
        return PrunusSettings.defaults("demo.tflite").withMethod("filterlet", ratio)
                .withBudget(new PrunusSettings.Budget(null, null, null, null)).withOutput("generated");
    }

    private static Map<String, byte[]> cliOutputs(PrunusSettings settings) {
        return Pipeline.run(new PipelineRequest("demo.tflite", DEMO, settings, p -> {
            throw new IOException(p);
        }), Progress.NONE).files();
    }

    private void build() throws CoreException {
        project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, new NullProgressMonitor());
    }

    private static void mkdirs(org.eclipse.core.resources.IContainer c) throws CoreException {
        if (!c.exists() && c instanceof IFolder f) {
            mkdirs(f.getParent());
            f.create(true, true, null);
        }
    }

    private IMarker[] markers(IResource resource) throws CoreException {
        return resource.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO);
    }

    @Test
    void outputsTheCommandLineWroteAreRecognisedAsPrunusOwn() throws Exception {
        // What start-workbench.sh does: `prunus demo` writes generated/ with plain file I/O, then the user runs
        // the wizard with other settings and the builder must replace those files.
        write("demo.tflite", DEMO);
        Path generated = project.getLocation().toFile().toPath().resolve("generated");
        for (Map.Entry<String, byte[]> e : cliOutputs(settings(0.5)).entrySet()) {
            Path file = generated.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, e.getValue());
        }
        project.refreshLocal(IResource.DEPTH_INFINITE, null);
        IFile settingsFile = write("demo.prunus.json", SettingsIO.write(settings(0.25)));

        build();

        assertEquals(0, markers(settingsFile).length, () -> "no conflict: " + console.errors);
        assertTrue(console.errors.isEmpty(), console.errors.toString());
        assertEquals(1, console.generated().size(), console.infos.toString());
        for (String info : console.infos) {
            for (String line : info.split("\n")) {
                assertTrue(line.contains(": generated from ") || line.length() <= ModelGenerator.CONSOLE_WIDTH + 4,
                        "figure lines are wrapped for the console view: " + line);
            }
        }
        IFolder folder = project.getFolder("generated");
        for (String name : cliOutputs(settings(0.25)).keySet()) {
            IFile file = folder.getFile(IPath.fromPortableString(name));
            assertTrue(file.exists() && file.isDerived(), name + " is now a derived output");
        }
    }

    @Test
    void aConflictSaysWhatToDoBeforeTheFewPathsItLists() throws Exception {
        write("demo.tflite", DEMO);
        IFile settingsFile = write("demo.prunus.json", SettingsIO.write(settings(0.5)));
        IFolder folder = project.getFolder("generated");
        folder.create(true, true, null);
        int mine = 0;
        for (String name : cliOutputs(settings(0.5)).keySet()) {
            IFile file = folder.getFile(IPath.fromPortableString(name));
            mkdirs(file.getParent());
            file.create(new ByteArrayInputStream("my own file".getBytes(StandardCharsets.UTF_8)), true, null);
            mine++;
        }
        assertTrue(mine > 5, "the demo produces many files: " + mine);

        build();

        IMarker[] problems = markers(settingsFile);
        assertEquals(1, problems.length);
        String message = problems[0].getAttribute(IMarker.MESSAGE, "");
        int advice = message.indexOf("Move or rename them");
        int firstPath = message.indexOf("/ownership-test/generated/");
        assertTrue(advice > 0 && advice < firstPath, "the advice comes before the paths: " + message);
        assertTrue(message.contains(mine + " of its target files"), message);
        assertTrue(message.endsWith("and " + (mine - 3) + " more"), message);
        for (String line : console.errors.get(0).split("\n")) {
            assertTrue(line.length() <= ModelGenerator.CONSOLE_WIDTH + 2, "console lines are wrapped: " + line);
        }
        assertTrue(console.errors.get(0).contains("\n  "), console.errors.get(0));
    }

    @Test
    void aGoodBuildAfterAFailureSaysSoOnTheConsole() throws Exception {
        write("demo.tflite", DEMO);
        write("demo.prunus.json", SettingsIO.write(settings(0.5)));
        build();
        assertEquals(1, console.generated().size(), console.infos.toString());
        write("demo.tflite", "not a model".getBytes(StandardCharsets.UTF_8));
        build();
        assertEquals(1, console.errors.size());
        console.clear();

        write("demo.tflite", DEMO);
        build();

        assertTrue(console.errors.isEmpty(), console.errors.toString());
        assertEquals(1, console.infos.size(), console.infos.toString());
        assertTrue(console.infos.get(0).startsWith("demo.prunus.json: OK again"), console.infos.get(0));
    }

    @Test
    void aJsonSyntaxErrorIsMarkedAtTheRealMistakeInPlainWords() throws Exception {
        write("demo.tflite", DEMO);
        IFile settingsFile = write("demo.prunus.json", ("{\n  \"schema\": 1,\n  \"model\": \"demo.tflite\"\n"
                + "  \"method\": \"auto\"\n}\n").getBytes(StandardCharsets.UTF_8));
        build();
        IMarker[] problems = markers(settingsFile);
        assertEquals(1, problems.length);
        assertEquals(3, problems[0].getAttribute(IMarker.LINE_NUMBER, -1), "the comma belongs at the end of line 3");
        String message = problems[0].getAttribute(IMarker.MESSAGE, "");
        assertTrue(message.contains("comma is missing"), message);
        assertFalse(message.contains("path $") || message.contains("Unterminated"), message);
    }

    @Test
    void theOutputFolderOfASettingsFileIsFoundForViews() throws Exception {
        write("demo.tflite", DEMO);
        IFile settingsFile = write("demo.prunus.json", SettingsIO.write(settings(0.5)));
        assertEquals(project.getFolder("generated"), ModelGenerator.outputFolder(settingsFile));
    }
}
