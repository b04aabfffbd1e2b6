package dev.prunus.builder.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IProjectDescription;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.ModelFiles;
import dev.prunus.builder.PrunusNature;
import dev.prunus.builder.internal.ModelGenerator;
import dev.prunus.builder.ops.RegenerateOperation;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * The Prunus builder end to end in a real headless workspace: settings files drive the core pipeline, outputs are
 * written only when their bytes change, failures keep the previous outputs and leave markers, and the console
 * service hears what happened.
 */
class GeneratorTest {

    private static final byte[] DEMO = TfliteWriter.write(DemoModel.build());

    private IProject project;
    private RecordingConsole console;

    @BeforeEach
    void createProject() throws CoreException {
        project = TestProjects.create("generator-test");
        console = RecordingConsole.register();
    }

    @AfterEach
    void deleteProject() throws CoreException {
        console.unregister();
        project.delete(true, true, null);
    }

    // --- fixtures -------------------------------------------------------------------------------------------

    private IFile write(String path, byte[] bytes) throws CoreException {
        return TestProjects.write(project, path, bytes);
    }

    private static PrunusSettings settings(String model) {
        return PrunusSettings.defaults(model).withMethod("none", null);
    }

    /** A model file plus its settings file; returns the settings file. */
    private IFile model(String name, byte[] bytes) throws CoreException {
        write(name + ".tflite", bytes);
        return write(name + PrunusSettings.FILE_SUFFIX, SettingsIO.write(settings(name + ".tflite")));
    }

    private void build(int kind) throws CoreException {
        project.build(kind, new NullProgressMonitor());
    }

    private IFolder output(String name) {
        return project.getFolder("prunus-gen/" + name);
    }

    /** Path -> modification stamp of every file under a folder. */
    private static Map<String, Long> stamps(IFolder folder) throws CoreException {
        Map<String, Long> stamps = new TreeMap<>();
        folder.accept(r -> {
            if (r instanceof IFile f) {
                stamps.put(f.getProjectRelativePath().toString(), f.getModificationStamp());
            }
            return true;
        });
        return stamps;
    }

    private static byte[] bytes(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents(true)) {
            return in.readAllBytes();
        }
    }

    private static IMarker[] markers(IResource resource) throws CoreException {
        return resource.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO);
    }

    private Path disk(String path) {
        return project.getLocation().toFile().toPath().resolve(path);
    }

    private List<Path> stagingFolders() throws IOException {
        try (Stream<Path> walk = Files.walk(project.getLocation().toFile().toPath())) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".prunus-tmp")).toList();
        }
    }

    // --- tests ----------------------------------------------------------------------------------------------

    @Test
    void buildWritesThePipelineOutputsAsDerivedFilesAndReportsOnTheConsole() throws Exception {
        model("demo", DEMO);
        build(IncrementalProjectBuilder.FULL_BUILD);

        Map<String, byte[]> expected = Pipeline.run(new PipelineRequest("demo.tflite", DEMO,
                settings("demo.tflite"), p -> {
                    throw new IOException(p);
                }), Progress.NONE).files();
        IFolder folder = output("demo");
        assertTrue(folder.exists(), "the default output folder prunus-gen/<model> must exist");
        assertFalse(expected.isEmpty());
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            IFile file = folder.getFile(IPath.fromPortableString(e.getKey()));
            assertTrue(file.exists(), file + " must be written");
            assertTrue(file.isDerived(), file + " must be derived");
            assertTrue(file.isSynchronized(IResource.DEPTH_ZERO), file + " must be refreshed");
            assertArrayEquals(e.getValue(), bytes(file), file + " must hold the pipeline's bytes");
        }
        assertEquals(expected.size(), stamps(folder).size(), "no other files in the output folder");
        assertEquals(1, console.generated().size(), console.infos.toString());
        String line = console.generated().get(0);
        assertTrue(line.startsWith("demo.prunus.json: generated from demo.tflite (" + DEMO.length + " B) -> "
                + expected.size() + " files"), line);
        assertTrue(line.matches(".* in prunus-gen/demo \\(" + expected.size() + " written, 0 unchanged, 0 deleted\\) in \\d+ ms"), line);
        assertTrue(console.errors.isEmpty(), console.errors.toString());
        assertEquals(0, project.findMarkers(ModelFiles.MARKER_TYPE, true, IResource.DEPTH_INFINITE).length);
        assertTrue(stagingFolders().isEmpty());
    }

    @Test
    void anUnchangedBuildWritesNothing() throws Exception {
        model("demo", DEMO);
        build(IncrementalProjectBuilder.FULL_BUILD);
        Map<String, Long> before = stamps(output("demo"));
        long diskTime = Files.getLastModifiedTime(disk("prunus-gen/demo/demo.report.json")).toMillis();
        console.clear();

        build(IncrementalProjectBuilder.FULL_BUILD);
        write("unrelated.txt", "x".getBytes(StandardCharsets.UTF_8));
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);
        // Touching the model without changing its bytes is no change either: content hashes, not timestamps.
        write("demo.tflite", DEMO);
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);

        assertEquals(before, stamps(output("demo")));
        assertEquals(diskTime, Files.getLastModifiedTime(disk("prunus-gen/demo/demo.report.json")).toMillis());
        assertEquals(List.of(), console.generated());
    }

    @Test
    void changingOneModelRebuildsOnlyThatModel() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            model(name, DEMO);
        }
        build(IncrementalProjectBuilder.FULL_BUILD);
        assertEquals(3, console.generated().size());
        Map<String, Long> a = stamps(output("a"));
        Map<String, Long> c = stamps(output("c"));
        console.clear();

        // Trailing bytes keep the flatbuffer valid but change the content.
        write("b.tflite", Arrays.copyOf(DEMO, DEMO.length + 16));
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);

        assertEquals(1, console.generated().size(), console.infos.toString());
        assertTrue(console.generated().get(0).startsWith("b.prunus.json: generated from b.tflite (" + (DEMO.length + 16)),
                console.generated().get(0));
        assertEquals(a, stamps(output("a")));
        assertEquals(c, stamps(output("c")));
    }

    @Test
    void aCorruptModelKeepsThePreviousOutputsAndGetsAMarker() throws Exception {
        model("demo", DEMO);
        build(IncrementalProjectBuilder.FULL_BUILD);
        IFile report = output("demo").getFile("demo.report.json");
        byte[] good = bytes(report);
        Map<String, Long> before = stamps(output("demo"));

        IFile model = write("demo.tflite", "not a flatbuffer at all".getBytes(StandardCharsets.UTF_8));
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);

        IMarker[] problems = markers(model);
        assertEquals(1, problems.length);
        assertEquals(IMarker.SEVERITY_ERROR, problems[0].getAttribute(IMarker.SEVERITY, -1));
        String message = problems[0].getAttribute(IMarker.MESSAGE, "");
        assertTrue(message.startsWith("Prunus could not process demo.tflite: "), message);
        assertTrue(message.endsWith("The previous outputs are unchanged."), message);
        assertEquals("demo.prunus.json", problems[0].getAttribute(ModelGenerator.MARKER_SETTINGS, null));
        assertEquals(before, stamps(output("demo")));
        assertArrayEquals(good, bytes(report));
        assertEquals(1, console.errors.size());
        assertTrue(console.errors.get(0).startsWith("demo.prunus.json: FAILED after "), console.errors.get(0));

        // An unchanged broken input is not retried; fixing it clears the marker.
        console.clear();
        build(IncrementalProjectBuilder.FULL_BUILD);
        assertTrue(console.errors.isEmpty());
        write("demo.tflite", DEMO);
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);
        assertEquals(0, markers(model).length);
    }

    @Test
    void cancelingMidBuildLeavesNothingPartial() throws Exception {
        model("demo", DEMO);
        CancelingMonitor monitor = new CancelingMonitor();
        assertThrows(OperationCanceledException.class,
                () -> project.build(IncrementalProjectBuilder.FULL_BUILD, monitor));
        assertTrue(monitor.triggered, "the pipeline must have started before the cancel");
        assertFalse(output("demo").exists(), "a canceled first run must not create the output folder");
        assertFalse(Files.exists(disk("prunus-gen/demo")));
        assertTrue(stagingFolders().isEmpty());

        // A canceled regeneration keeps the complete previous outputs.
        build(IncrementalProjectBuilder.FULL_BUILD);
        Map<String, Long> before = stamps(output("demo"));
        write("demo.prunus.json", SettingsIO.write(settings("demo.tflite").withMethod("none", 0.5)));
        CancelingMonitor again = new CancelingMonitor();
        assertThrows(OperationCanceledException.class,
                () -> project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, again));
        assertTrue(again.triggered);
        assertEquals(before, stamps(output("demo")));
        assertTrue(stagingFolders().isEmpty());

        // The next build picks the change up although the canceled build consumed its delta.
        console.clear();
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);
        assertEquals(1, console.generated().size(), console.infos.toString());
    }

    @Test
    void removingTheSettingsFileDeletesItsOutputsAndMarkers() throws Exception {
        IFile settings = model("demo", DEMO);
        model("other", DEMO);
        build(IncrementalProjectBuilder.FULL_BUILD);
        IMarker foreign = project.getFile("demo.tflite").createMarker(IMarker.TASK);
        assertTrue(output("demo").exists());

        settings.delete(true, null);
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);

        assertFalse(output("demo").exists(), "outputs of removed settings must go");
        assertTrue(output("other").exists(), "other models keep their outputs");
        assertTrue(project.getFolder("prunus-gen").exists());
        assertTrue(foreign.exists(), "markers of other types are never touched");
        assertTrue(console.infos.contains("demo.prunus.json: settings removed, deleted "
                + stamps(output("other")).size() + " generated files"), console.infos.toString());
    }

    @Test
    void aBadSettingsFileGetsAMarkerOnTheRightLine() throws Exception {
        write("demo.tflite", DEMO);
        String text = "{\n  \"schema\": 1,\n  \"model\": \"demo.tflite\",\n  \"method\": \"none\",\n"
                + "  \"budgets\": {}\n}\n";
        IFile settings = write("demo.prunus.json", text.getBytes(StandardCharsets.UTF_8));
        build(IncrementalProjectBuilder.FULL_BUILD);

        IMarker[] problems = markers(settings);
        assertEquals(1, problems.length);
        assertEquals(5, problems[0].getAttribute(IMarker.LINE_NUMBER, -1));
        String message = problems[0].getAttribute(IMarker.MESSAGE, "");
        assertTrue(message.contains("unknown setting \"budgets\""), message);
        assertFalse(output("demo").exists());

        // Invalid JSON: the line of the syntax error.
        write("demo.prunus.json", "{\n  \"schema\": 1,\n  \"model\": \"demo.tflite\"\n  \"method\": \"none\"\n}\n"
                .getBytes(StandardCharsets.UTF_8));
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);
        problems = markers(settings);
        assertEquals(1, problems.length, "the previous marker is replaced, not added to");
        int line = problems[0].getAttribute(IMarker.LINE_NUMBER, -1);
        assertTrue(line == 3 || line == 4, "syntax error reported at line " + line);

        write("demo.prunus.json", SettingsIO.write(settings("demo.tflite")));
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);
        assertEquals(0, markers(settings).length);
        assertTrue(output("demo").exists());
    }

    @Test
    void aMissingModelOrDataFileIsReportedAtItsSetting() throws Exception {
        IFile settings = write("demo.prunus.json", SettingsIO.write(settings("demo.tflite")));
        build(IncrementalProjectBuilder.FULL_BUILD);
        IMarker[] problems = markers(settings);
        assertEquals(1, problems.length);
        String text = new String(bytes(settings), StandardCharsets.UTF_8);
        assertEquals(lineOf(text, "\"model\""), problems[0].getAttribute(IMarker.LINE_NUMBER, -1));
        assertTrue(problems[0].getAttribute(IMarker.MESSAGE, "").contains("\"demo.tflite\" named by \"model\""));

        write("demo.tflite", DEMO);
        write("demo.prunus.json", SettingsIO.write(settings("demo.tflite").withData("cal.bin", null, null)));
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);
        problems = markers(settings);
        assertEquals(1, problems.length);
        text = new String(bytes(settings), StandardCharsets.UTF_8);
        assertEquals(lineOf(text, "\"calibration\""), problems[0].getAttribute(IMarker.LINE_NUMBER, -1));

        // Adding the data file is a change of an input: the next incremental build runs.
        write("cal.bin", DemoModel.inputs(2));
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);
        assertEquals(0, markers(settings).length);
        assertTrue(output("demo").exists());
    }

    private static int lineOf(String text, String token) {
        return (int) text.substring(0, text.indexOf(token)).chars().filter(c -> c == '\n').count() + 1;
    }

    private static void createParents(IResource resource) throws CoreException {
        if (resource.getParent() instanceof IFolder parent && !parent.exists()) {
            createParents(parent);
            parent.create(true, true, null);
        }
    }

    @Test
    void theUsersOwnFilesAreNeverOverwritten() throws Exception {
        IFile settings = model("demo", DEMO);
        String generated = Pipeline.run(new PipelineRequest("demo.tflite", DEMO, settings("demo.tflite"), p -> {
            throw new IOException(p);
        }), Progress.NONE).files().firstKey();
        byte[] mine = "my own notes".getBytes(StandardCharsets.UTF_8);
        IFile own = output("demo").getFile(IPath.fromPortableString(generated));
        createParents(own);
        own.create(new ByteArrayInputStream(mine), IResource.NONE, null);

        build(IncrementalProjectBuilder.FULL_BUILD);

        assertArrayEquals(mine, bytes(own));
        assertFalse(own.isDerived());
        IMarker[] problems = markers(settings);
        assertEquals(1, problems.length);
        String message = problems[0].getAttribute(IMarker.MESSAGE, "");
        assertTrue(message.contains(own.getFullPath().toString()), message);
        assertTrue(message.contains("never overwrites your files"), message);
        assertEquals(1, stamps(output("demo")).size(), "nothing else was written either");
    }

    @Test
    void staleOutputsGoAndAnOutputFolderChangeMovesThem() throws Exception {
        model("demo", DEMO);
        build(IncrementalProjectBuilder.FULL_BUILD);
        int count = stamps(output("demo")).size();
        int calls = RecordingConfigurator.calls().size();
        write("demo.prunus.json", SettingsIO.write(settings("demo.tflite").withOutput("gen/nn")));
        build(IncrementalProjectBuilder.INCREMENTAL_BUILD);
        assertFalse(output("demo").exists());
        assertFalse(project.getFolder("prunus-gen").exists(), "an emptied folder Prunus created goes too");
        assertEquals(count, stamps(project.getFolder("gen/nn")).size());
        assertTrue(RecordingConfigurator.calls().subList(calls, RecordingConfigurator.calls().size())
                .contains("folders generator-test"), "moving outputs must tell the tool-chain integrations");
    }

    @Test
    void anOutputFolderOutsideTheProjectIsRefused() throws Exception {
        model("demo", DEMO);
        IFile settings = write("demo.prunus.json", SettingsIO.write(settings("demo.tflite").withOutput("../elsewhere")));
        build(IncrementalProjectBuilder.FULL_BUILD);
        IMarker[] problems = markers(settings);
        assertEquals(1, problems.length);
        String text = new String(bytes(settings), StandardCharsets.UTF_8);
        assertEquals(lineOf(text, "\"output\""), problems[0].getAttribute(IMarker.LINE_NUMBER, -1));
    }

    @Test
    void cleanDeletesTheOutputsAndTheNextBuildRegenerates() throws Exception {
        model("demo", DEMO);
        build(IncrementalProjectBuilder.FULL_BUILD);
        build(IncrementalProjectBuilder.CLEAN_BUILD);
        assertFalse(output("demo").exists());
        console.clear();
        build(IncrementalProjectBuilder.FULL_BUILD);
        assertTrue(output("demo").exists());
        assertEquals(1, console.generated().size());
    }

    @Test
    void regenerateRunsEvenWhenNothingChangedButWritesOnlyChangedBytes() throws Exception {
        IFile settings = model("demo", DEMO);
        build(IncrementalProjectBuilder.FULL_BUILD);
        Map<String, Long> before = stamps(output("demo"));
        console.clear();

        RegenerateOperation operation = new RegenerateOperation(project.getFile("demo.tflite"));
        assertEquals(settings, operation.settingsFile());
        assertEquals(project, operation.getSchedulingRule());
        operation.execute(new NullProgressMonitor());

        assertEquals(ModelGenerator.Outcome.GENERATED, operation.outcome());
        assertEquals(1, console.generated().size());
        assertTrue(console.generated().get(0).contains("(0 written, " + before.size() + " unchanged, 0 deleted)"),
                console.generated().get(0));
        assertEquals(before, stamps(output("demo")));

        CoreException missing = assertThrows(CoreException.class,
                () -> new RegenerateOperation(write("lonely.tflite", DEMO)).execute(null));
        assertTrue(missing.getMessage().contains("lonely.prunus.json"), missing.getMessage());
    }

    @Test
    void aSharedModelIsBuiltInPlaceThroughALinkedFile() throws Exception {
        Path shared = Paths.get(System.getProperty("prunus.shared", "../../../shared"), "models/tflm/person_detect.tflite");
        assumeTrue(Files.isRegularFile(shared), "shared model " + shared.toAbsolutePath()
                + " is absent (set -Dprunus.shared=DIR); skipping the real-model build");
        IFile model = project.getFile("person_detect.tflite");
        model.createLink(IPath.fromOSString(shared.toAbsolutePath().toString()), IResource.NONE, null);
        write("person_detect.prunus.json", SettingsIO.write(settings("person_detect.tflite")));

        build(IncrementalProjectBuilder.FULL_BUILD);

        assertEquals(0, project.findMarkers(ModelFiles.MARKER_TYPE, true, IResource.DEPTH_INFINITE).length,
                Arrays.toString(project.findMarkers(ModelFiles.MARKER_TYPE, true, IResource.DEPTH_INFINITE)));
        assertFalse(stamps(output("person_detect")).isEmpty());
        assertTrue(console.generated().get(0).startsWith("person_detect.prunus.json: generated from person_detect.tflite ("
                + Files.size(shared) + " B)"), console.generated().get(0));
    }

    @Test
    void theNatureOrdersTheBuilderBeforeCdtAndNotifiesConfigurators() throws Exception {
        PrunusNature.setEnabled(project, false, null);
        IProjectDescription description = project.getDescription();
        ICommand cdt = description.newCommand();
        cdt.setBuilderName("org.eclipse.cdt.managedbuilder.core.genmakebuilder");
        ICommand late = description.newCommand();
        late.setBuilderName(PrunusNature.BUILDER_ID);
        // As if another nature had put the C builder first: configuring the nature must move Prunus before it.
        description.setBuildSpec(new ICommand[] { cdt, late });
        project.setDescription(description, null);
        int before = RecordingConfigurator.calls().size();

        PrunusNature.setEnabled(project, true, null);
        ICommand[] spec = project.getDescription().getBuildSpec();
        assertEquals(PrunusNature.BUILDER_ID, spec[0].getBuilderName());
        assertEquals(cdt.getBuilderName(), spec[1].getBuilderName());
        assertEquals(2, spec.length, "moved, not duplicated");
        PrunusNature.setEnabled(project, false, null);

        List<String> calls = new ArrayList<>(RecordingConfigurator.calls().subList(before,
                RecordingConfigurator.calls().size()));
        assertEquals(List.of("added generator-test", "removed generator-test"), calls);
    }
}
