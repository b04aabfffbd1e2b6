package dev.prunus.builder.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.ModelFiles;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * A settings file whose data paths climb out of the project with {@code ..} is refused by the build with a marker at
 * the value's line, saying which path, where (line and column) and how to fix it; nothing outside is read and
 * nothing is generated. {@code ..} that stays inside the project builds.
 */
class DataOutsideProjectTest {

    private IProject project;
    private Path outside;

    @BeforeEach
    void createProject() throws Exception {
        project = TestProjects.create("outside-test");
        // Real records beside the project: reading them would succeed, so only the rule can refuse them.
        outside = project.getLocation().toFile().toPath().getParent().resolve("outside.s8");
        Files.write(outside, DemoModel.inputs(4));
        write("models/demo.tflite", TfliteWriter.write(DemoModel.build()));
        write("data/cal.s8", DemoModel.inputs(4));
    }

    @AfterEach
    void deleteProject() throws Exception {
        project.delete(true, true, null);
        Files.deleteIfExists(outside);
    }

    private IFile write(String path, byte[] bytes) throws CoreException {
        return TestProjects.write(project, path, bytes);
    }

    private IFile settings(String calibration) throws CoreException {
        return write("models/demo.prunus.json", ("{\n  \"schema\": 1,\n  \"model\": \"demo.tflite\",\n"
                + "  \"method\": \"filterlet\",\n  \"ratio\": 0.5,\n  \"calibration\": \"" + calibration + "\"\n}\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void calibrationOutsideTheProjectIsAnErrorAtItsLineAndColumn() throws Exception {
        IFile file = settings("../../outside.s8");
        project.build(IncrementalProjectBuilder.FULL_BUILD, new NullProgressMonitor());
        IMarker[] markers = file.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO);
        assertEquals(1, markers.length);
        assertEquals(IMarker.SEVERITY_ERROR, markers[0].getAttribute(IMarker.SEVERITY, -1));
        assertEquals(6, markers[0].getAttribute(IMarker.LINE_NUMBER, -1), "the line of the calibration path");
        String message = markers[0].getAttribute(IMarker.MESSAGE, "");
        assertTrue(message.contains("line 6, column 18: \"calibration\" \"../../outside.s8\" leaves the project (2 .. "
                + "segments from a settings file 1 folder below the project); keep the data inside the project"),
                message);
        assertFalse(project.getFolder("prunus-gen/demo").exists(), "nothing generated");

        settings("../data/cal.s8");
        project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, new NullProgressMonitor());
        assertEquals(0, file.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO).length,
                "fixed: the marker goes");
        assertTrue(project.getFile("prunus-gen/demo/demo.report.json").exists(), "data beside the settings "
                + "folder, inside the project, builds");
    }
}
