package dev.prunus.ui.internal.preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.core.parts.PartCatalogue;
import dev.prunus.ui.tests.UiTestSupport;

/** The project property page stores the project's part; the CubeMX file wins over it; the workspace default last. */
class PreferencesTest {

    private IProject project;

    @BeforeEach
    void setUp() throws Exception {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("prefs-test");
        project.create(null);
        project.open(null);
    }

    @AfterEach
    void tearDown() throws Exception {
        project.delete(true, true, null);
    }

    @Test
    void projectPartThenIocThenDefault() throws Exception {
        assertEquals(PartCatalogue.Source.PREFERENCE, PrunusPreferences.partFor(project).orElseThrow().source());
        assertEquals(PrunusPreferences.DEFAULT_PART, PrunusPreferences.partFor(project).orElseThrow().part().name());
        assertEquals("prunus-gen/kws", PrunusPreferences.outputFor("kws"));

        Shell shell = new Shell(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell());
        shell.setLayout(new FillLayout());
        ProjectPropertyPage page = new ProjectPropertyPage();
        page.setElement(project);
        page.createControl(shell);
        shell.setSize(600, 300);
        shell.open();
        assertNull(page.selectedPart(), "the workspace default until one is chosen");
        page.selectPart("STM32H743ZI");
        UiTestSupport.settle(200);
        UiTestSupport.screenshot("project-properties-prunus");
        assertTrue(page.performOk());
        shell.dispose();
        assertEquals("STM32H743ZI", PrunusPreferences.project(project).get(PrunusPreferences.PART, null));
        PartCatalogue.Choice chosen = PrunusPreferences.partFor(project).orElseThrow();
        assertEquals(PartCatalogue.Source.PROJECT, chosen.source());
        assertEquals("STM32H743ZI", chosen.part().name());

        project.getFile("board.ioc").create(new ByteArrayInputStream("Mcu.UserName=STM32L476RGTx\n"
                .getBytes(StandardCharsets.ISO_8859_1)), IResource.NONE, null);
        chosen = PrunusPreferences.partFor(project).orElseThrow();
        assertEquals(PartCatalogue.Source.IOC, chosen.source(), "the CubeMX file decides");
        assertEquals("STM32L476RG", chosen.part().name());
    }
}
