package dev.prunus.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceDescription;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.ui.IPageLayout;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.ModelFiles;
import dev.prunus.builder.ops.ConfigurePruningOperation;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * In a running workbench with Build Automatically on: saving a changed settings file regenerates the outputs, and a
 * broken one shows a precise error in the Problems view while the previous outputs stay.
 */
class AutoBuildTest {

    private IProject project;
    private boolean autoBuilding;

    @BeforeEach
    void setUp() throws Exception {
        IWorkspaceDescription description = ResourcesPlugin.getWorkspace().getDescription();
        autoBuilding = description.isAutoBuilding();
        description.setAutoBuilding(true);
        ResourcesPlugin.getWorkspace().setDescription(description);
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("autobuild-test");
        project.create(null);
        project.open(null);
    }

    @AfterEach
    void tearDown() throws Exception {
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
        project.delete(true, true, null);
        IWorkspaceDescription description = ResourcesPlugin.getWorkspace().getDescription();
        description.setAutoBuilding(autoBuilding);
        ResourcesPlugin.getWorkspace().setDescription(description);
    }

    @Test
    void savingSettingsRegeneratesAndBrokenSettingsShowInProblems() throws Exception {
        IFile model = project.getFile("demo.tflite");
        model.create(new ByteArrayInputStream(TfliteWriter.write(DemoModel.build())), IResource.FORCE, null);
        PrunusSettings settings = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.25)
                .withBudget(new PrunusSettings.Budget(null, null, null, null));
        ConfigurePruningOperation setup = new ConfigurePruningOperation(model, settings);
        setup.execute(null);
        IFile settingsFile = setup.settingsFile();
        IFile generated = project.getFile("prunus-gen/demo/demo.c");

        assertTrue(UiTestSupport.waitUntil(generated::exists, 60_000), "the automatic build generates C");
        assertTrue(generated.isDerived(), "generated files are marked derived");
        String first = read(generated);

        // The user edits and saves the settings: the next automatic build regenerates with the new ratio.
        settingsFile.setContents(new ByteArrayInputStream(text(settingsFile).replace("0.25", "0.75")
                .getBytes(StandardCharsets.UTF_8)), IResource.KEEP_HISTORY, null);
        assertTrue(UiTestSupport.waitUntil(() -> !read(generated).equals(first), 60_000),
                "saving changed settings regenerates the C sources");
        String second = read(generated);

        // A broken value: an error marker on the settings file at the line of that value; outputs kept.
        String broken = text(settingsFile).replace("\"method\": \"filterlet\"", "\"method\": \"magic\"");
        int line = lineOf(broken, "\"method\"");
        settingsFile.setContents(new ByteArrayInputStream(broken.getBytes(StandardCharsets.UTF_8)),
                IResource.KEEP_HISTORY, null);
        // The builder runs in the background: wait until its marker is complete, not merely created.
        assertTrue(UiTestSupport.waitUntil(() -> markers(settingsFile).length > 0
                && markers(settingsFile)[0].getAttribute(IMarker.MESSAGE, "").contains("magic"), 60_000),
                "a broken settings file gets a Prunus problem marker");
        IMarker marker = markers(settingsFile)[0];
        assertEquals(IMarker.SEVERITY_ERROR, marker.getAttribute(IMarker.SEVERITY, -1));
        assertEquals(line, marker.getAttribute(IMarker.LINE_NUMBER, -1), "the marker points at the broken line");
        assertTrue(marker.getAttribute(IMarker.MESSAGE, "").contains("magic"), marker.getAttribute(IMarker.MESSAGE, ""));
        assertEquals(second, read(generated), "a failed run keeps the previous good outputs");
        assertNotEquals(first, second);

        IWorkbenchPage page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        IDE.openEditor(page, settingsFile);
        // The Prunus console comes forward on errors by itself; bring the Problems view on top of it for the picture.
        UiTestSupport.settle(1500);
        UiTestSupport.screenshot("console-after-broken-settings");
        page.showView(IPageLayout.ID_PROBLEM_VIEW);
        UiTestSupport.settle(1000);
        UiTestSupport.screenshot("problems-view-broken-settings");
    }

    private static IMarker[] markers(IFile file) {
        try {
            return file.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO);
        } catch (CoreException e) {
            return new IMarker[0];
        }
    }

    private static String read(IFile file) {
        try (InputStream in = file.getContents(true)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    private static String text(IFile file) {
        return read(file);
    }

    private static int lineOf(String text, String key) {
        int at = text.indexOf(key);
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
