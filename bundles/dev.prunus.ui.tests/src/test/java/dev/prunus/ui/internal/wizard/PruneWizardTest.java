package dev.prunus.ui.internal.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.eclipse.ui.PlatformUI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.PrunusNature;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.ui.tests.UiTestSupport;

/** The Prune for MCU wizard: validation as the user types, a preview computed off the UI thread, and Finish. */
class PruneWizardTest {

    private IProject project;
    private IFile model;
    private WizardDialog dialog;

    @BeforeEach
    void setUp() throws Exception {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("wizard-test");
        project.create(null);
        project.open(null);
        model = project.getFile("demo.tflite");
        model.create(new ByteArrayInputStream(TfliteWriter.write(DemoModel.build())), IResource.FORCE, null);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        project.delete(true, true, null);
    }

    @Test
    void previewThenFinishWritesSettingsAndEnablesPrunus() throws Exception {
        PruneWizard wizard = new PruneWizard(model);
        dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        BudgetPage budget = (BudgetPage) wizard.getPage("budget");
        List<Text> fields = texts(budget.getControl());
        Text ratio = fields.get(3);

        ratio.setText("2");
        assertFalse(budget.isPageComplete(), "a fraction above 0.95 is refused");
        assertTrue(budget.getErrorMessage().contains("0.95"), budget.getErrorMessage());
        ratio.setText("0.5");
        Text fineTune = fields.get(5);
        assertEquals("0", fineTune.getText(), "fine-tuning is off unless the settings turn it on");
        fineTune.setText("-1");
        assertFalse(budget.isPageComplete(), "negative epochs are refused");
        assertTrue(budget.getErrorMessage().contains("epochs"), budget.getErrorMessage());
        fineTune.setText("12");
        assertTrue(budget.isPageComplete(), () -> "12 epochs are fine, but: " + budget.getErrorMessage());
        assertEquals(12, budget.settings().fineTune().epochs());
        fineTune.setText("0");
        assertTrue(budget.isPageComplete(), () -> "page complete, but: " + budget.getErrorMessage() + " fields "
                + fields.stream().map(Text::getText).toList());
        assertNull(budget.getErrorMessage());

        PreviewPage preview = (PreviewPage) wizard.getPage("preview");
        dialog.showPage(preview);
        Text results = texts(preview.getControl()).get(0);
        assertTrue(UiTestSupport.waitUntil(() -> results.getText().contains("flash"), 60_000),
                () -> "preview finished: " + results.getText() + " / " + preview.getErrorMessage());
        assertNull(preview.getErrorMessage());
        UiTestSupport.settle(400);
        UiTestSupport.screenshot("prune-wizard-preview");

        assertTrue(wizard.performFinish(), () -> "finish failed: " + budget.getMessage());
        IFile settingsFile = project.getFile("demo.prunus.json");
        assertTrue(settingsFile.exists(), "Finish writes the settings file beside the model");
        try (InputStream in = settingsFile.getContents(true)) {
            PrunusSettings saved = SettingsIO.read(in.readAllBytes());
            assertEquals(0.5, saved.ratio());
            assertNull(saved.fineTune(), "0 epochs writes no fine-tuning");
            assertEquals("demo.tflite", saved.model());
        }
        assertTrue(PrunusNature.isEnabled(project), "Finish enables the Prunus builder on the project");
    }

    private static List<Text> texts(Control root) {
        List<Text> found = new ArrayList<>();
        collect(root, found);
        return found;
    }

    private static void collect(Control control, List<Text> found) {
        if (control instanceof Text text) {
            found.add(text);
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, found);
            }
        }
    }
}
