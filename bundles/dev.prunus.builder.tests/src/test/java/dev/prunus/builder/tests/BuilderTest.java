package dev.prunus.builder.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.Arrays;

import org.eclipse.core.resources.ICommand;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceDescription;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.ModelFiles;
import dev.prunus.builder.PrunusNature;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.tflite.TfliteWriter;

/** The Prunus nature and builder in a real headless workspace. */
class BuilderTest {

    private IProject project;

    @BeforeEach
    void createProject() throws CoreException {
        IWorkspaceDescription description = ResourcesPlugin.getWorkspace().getDescription();
        description.setAutoBuilding(false);
        ResourcesPlugin.getWorkspace().setDescription(description);
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("builder-test");
        project.create(null);
        project.open(null);
    }

    @AfterEach
    void deleteProject() throws CoreException {
        project.delete(true, true, null);
    }

    private IFile file(String name, byte[] bytes) throws CoreException {
        IFile file = project.getFile(name);
        file.create(new ByteArrayInputStream(bytes), IResource.FORCE, null);
        return file;
    }

    private static IMarker[] markers(IFile file) throws CoreException {
        return file.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO);
    }

    @Test
    void natureAddsBuilderFirstAndRemovesIt() throws CoreException {
        PrunusNature.setEnabled(project, true, null);
        ICommand[] spec = project.getDescription().getBuildSpec();
        assertEquals(PrunusNature.BUILDER_ID, spec[0].getBuilderName());
        assertTrue(PrunusNature.isEnabled(project));

        PrunusNature.setEnabled(project, false, null);
        assertTrue(Arrays.stream(project.getDescription().getBuildSpec())
                .noneMatch(c -> PrunusNature.BUILDER_ID.equals(c.getBuilderName())));
    }

    @Test
    void natureCanBeToggledUnderItsDeclaredRule() throws CoreException {
        // As the Enable/Disable action and the wizard do it: inside an operation holding the declared rule.
        ResourcesPlugin.getWorkspace().run(m -> PrunusNature.setEnabled(project, true, m),
                PrunusNature.descriptionRule(project), IResource.NONE, null);
        assertTrue(PrunusNature.isEnabled(project));
        ResourcesPlugin.getWorkspace().run(m -> PrunusNature.setEnabled(project, false, m),
                PrunusNature.descriptionRule(project), IResource.NONE, null);
        assertTrue(!PrunusNature.isEnabled(project));
    }

    @Test
    void corruptModelGetsAnErrorMarkerThatGoesAwayWhenFixed() throws CoreException {
        IFile good = file("good.tflite", TfliteWriter.write(DemoModel.build()));
        IFile bad = file("bad.tflite", "this is not a flatbuffer".getBytes());
        PrunusNature.setEnabled(project, true, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);

        assertEquals(0, markers(good).length);
        IMarker[] problems = markers(bad);
        assertEquals(1, problems.length);
        assertEquals(IMarker.SEVERITY_ERROR, problems[0].getAttribute(IMarker.SEVERITY, -1));
        String message = problems[0].getAttribute(IMarker.MESSAGE, "");
        assertTrue(message.startsWith("bad.tflite is not a usable TensorFlow Lite model"), message);

        bad.setContents(new ByteArrayInputStream(TfliteWriter.write(DemoModel.build())), IResource.FORCE, null);
        project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, null);
        assertEquals(0, markers(bad).length, "fixing the model must remove its marker");
    }

    @Test
    void cleanRemovesOnlyPrunusMarkers() throws CoreException {
        IFile bad = file("bad.tflite", new byte[] { 0, 1, 2 });
        IMarker foreign = bad.createMarker(IMarker.TASK);
        PrunusNature.setEnabled(project, true, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        assertEquals(1, markers(bad).length);

        project.build(IncrementalProjectBuilder.CLEAN_BUILD, null);
        assertEquals(0, markers(bad).length);
        assertTrue(foreign.exists(), "markers of other types must survive a clean");
    }
}
