package dev.prunus.ui.internal.wizard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceDescription;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.wizard.WizardDialog;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.MessageConsole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.PrunusNature;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.demo.DigitsDemo;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.view.ReportView;
import dev.prunus.ui.internal.charts.XyChart;
import dev.prunus.ui.internal.editor.ModelEditor;
import dev.prunus.ui.tests.UiTestSupport;
import dev.prunus.ui.tests.UiWatch;

/**
 * The Prune for MCU wizard end to end: the part from the CubeMX file and the budget it leaves, validation with
 * precise messages, a preview off the UI thread, Finish disabled on errors and on files that are not models,
 * and a Finish that saves, enables Prunus, builds with progress and shows the result.
 */
class PruneWizardTest {

    private IProject project;
    private IFile model;
    private WizardDialog dialog;
    private UiWatch watch;
    private boolean autoBuild;

    @BeforeEach
    void setUp() throws Exception {
        IWorkspaceDescription d = ResourcesPlugin.getWorkspace().getDescription();
        autoBuild = d.isAutoBuilding();
        d.setAutoBuilding(false);
        ResourcesPlugin.getWorkspace().setDescription(d);
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("wizard-test");
        project.create(null);
        project.open(null);
        model = write("demo.tflite", TfliteWriter.write(DemoModel.build()));
        // A CubeMX project for an STM32G474RE: the wizard preselects that part.
        write("demo.ioc", "#MicroXplorer Configuration settings - do not modify\nMcu.Family=STM32G4\n"
                + "Mcu.UserName=STM32G474RETx\n");
        watch = UiWatch.start();
    }

    private IFile write(String name, byte[] bytes) throws Exception {
        IFile f = project.getFile(name);
        if (f.exists()) {
            f.setContents(new ByteArrayInputStream(bytes), IResource.FORCE, null);
        } else {
            f.create(new ByteArrayInputStream(bytes), IResource.FORCE, null);
        }
        return f;
    }

    private IFile write(String name, String text) throws Exception {
        return write(name, text.getBytes(StandardCharsets.UTF_8));
    }

    @AfterEach
    void tearDown() throws Exception {
        watch.close();
        if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
            dialog.close();
        }
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().closeAllEditors(false);
        project.delete(true, true, null);
        IWorkspaceDescription d = ResourcesPlugin.getWorkspace().getDescription();
        d.setAutoBuilding(autoBuild);
        ResourcesPlugin.getWorkspace().setDescription(d);
    }

    private PruneWizard open(IFile file) {
        watch.phase("open wizard");
        PruneWizard wizard = new PruneWizard(file);
        dialog = new WizardDialog(PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell(), wizard);
        dialog.setBlockOnOpen(false);
        dialog.open();
        dialog.getShell().setSize(900, 820);
        return wizard;
    }

    private static void select(Combo combo, String item) {
        for (int i = 0; i < combo.getItemCount(); i++) {
            if (combo.getItem(i).equals(item) || combo.getItem(i).startsWith(item + " ")) {
                combo.select(i);
                combo.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                return;
            }
        }
        throw new AssertionError(item + " not in " + java.util.List.of(combo.getItems()));
    }

    @Test
    void partFromTheIocBudgetItLeavesPreviewAndFinishThatBuilds() throws Exception {
        PruneWizard wizard = open(model);
        TargetPage target = (TargetPage) wizard.getPage("target");
        assertTrue(UiTestSupport.waitUntil(() -> target.modelNoteText().startsWith("Unpruned"), 10_000),
                "the model is checked in a job: " + target.modelNoteText());
        assertTrue(target.partCombo().getText().startsWith("STM32G474RE "), target.partCombo().getText());
        assertEquals("448", target.flashField().getText(), "512 KiB less the application's 64 KiB");
        assertEquals("112", target.ramField().getText(), "128 KiB less the application's 16 KiB");
        assertEquals("", ((DataPage) wizard.getPage("data")).maxLoss(), "no cap without records");

        target.ratioField().setText("2");
        assertFalse(target.isPageComplete());
        assertFalse(wizard.canFinish(), "Finish is off while a page shows an error");
        assertTrue(target.getErrorMessage().contains("0.95"), target.getErrorMessage());
        target.ratioField().setText("0.5");
        select(target.methodCombo(), "filterlet");
        assertTrue(target.isPageComplete(), () -> "complete, but: " + target.getErrorMessage());
        UiTestSupport.settle(300);
        shot("wizard-1-target");

        watch.phase("data page");
        DataPage data = (DataPage) wizard.getPage("data");
        dialog.showPage(data);
        data.lossField().setText("1");
        assertFalse(data.isPageComplete(), "a loss cap without calibration records is refused");
        assertFalse(wizard.canFinish());
        assertTrue(data.getErrorMessage().contains("calibration"), data.getErrorMessage());
        UiTestSupport.settle(300);
        shot("wizard-2-data-error");
        data.lossField().setText("");
        assertTrue(data.isPageComplete(), () -> "complete, but: " + data.getErrorMessage());
        shot("wizard-2-data");

        watch.phase("preview");
        PreviewPage preview = (PreviewPage) wizard.getPage("preview");
        dialog.showPage(preview);
        assertTrue(UiTestSupport.waitUntil(() -> preview.report() != null || preview.getErrorMessage() != null,
                60_000), () -> "preview finished: " + preview.resultsText());
        assertNull(preview.getErrorMessage(), preview.resultsText());
        assertTrue(preview.resultsText().contains("flash"), preview.resultsText());
        assertEquals(2, preview.flashBars().rows().size());
        assertEquals(preview.report().after().flashBytes(), preview.flashBars().rows().get(1).total());
        assertEquals(preview.report().layers().size(), preview.layersTable().getItemCount());
        if (preview.report().explored().size() > 1) {
            // The run explored a trade-off: every point with an accuracy is drawn, the chosen one marked.
            assertNotNull(preview.tradeOffChart(), "the trade-off is drawn");
            assertTrue(preview.tradeOffChart().hasPoints());
        } else {
            assertNull(preview.tradeOffChart(), "one point is no trade-off: the chart stays hidden");
        }
        assertTrue(preview.resultsText().contains("can remove at most"),
                "the wizard's budget with a fraction the method cannot reach works and says why: "
                        + preview.resultsText());
        UiTestSupport.settle(300);
        shot("wizard-3-preview");
        assertTrue(wizard.canFinish());

        watch.phase("test: trade-off of a report that explored several points");
        ReportView real = preview.report();
        ReportView explored = ReportView.read(Files.readAllBytes(
                Paths.get("../dev.prunus.core/src/test/fixtures/report/trained.report.json")));
        preview.show(explored);
        assertNotNull(preview.tradeOffChart(), "several explored points: the trade-off is drawn");
        XyChart.Dot chosen = preview.tradeOffChart().series().get(0).dots().stream()
                .filter(d -> d.mark() == XyChart.Mark.CHOSEN).findFirst().orElseThrow();
        assertEquals(4_100_000, chosen.x(), 1e-9, "the chosen point at its instructions");
        assertEquals(0.882, chosen.y(), 1e-9);
        UiTestSupport.settle(300);
        shot("wizard-3-preview-tradeoff");
        preview.show(real);
        assertEquals(real.explored().size() > 1, preview.tradeOffChart() != null);

        watch.phase("finish");
        assertTrue(wizard.performFinish(), () -> "finish: " + preview.getErrorMessage());
        IFile settingsFile = project.getFile("demo.prunus.json");
        try (InputStream in = settingsFile.getContents(true)) {
            PrunusSettings saved = SettingsIO.read(in.readAllBytes());
            assertEquals(0.5, saved.ratio());
            assertEquals("filterlet", saved.method());
            assertEquals(448 * 1024L, saved.budget().flashBytes());
            assertEquals(170_000_000L, saved.target().clockHz(), "the part's clock");
            assertNull(saved.budget().maxLossPercent());
        }
        assertTrue(PrunusNature.isEnabled(project), "Finish enables the Prunus builder on the project");
        assertTrue(project.getFile("prunus-gen/demo/demo.report.json").exists(), "Finish built the model");
        dialog.close();
        watch.phase("result");
        assertTrue(UiTestSupport.waitUntil(() -> activeModelEditor() != null
                && activeModelEditor().activeTab() == 5, 10_000), "the result opens in the Report tab");
        assertTrue(UiTestSupport.waitUntil(() -> consoleText().contains("demo.prunus.json: generated from"), 10_000),
                "the console says the build succeeded: " + consoleText());
        UiTestSupport.settle(500);
        shot("wizard-4-result");
        assertNull(watch.problems(), watch.problems());
    }

    /** A screenshot, outside the UI-thread budget (encoding a PNG is the test's own work). */
    private void shot(String name) throws Exception {
        watch.phase("test: screenshot " + name);
        UiTestSupport.screenshot(name);
    }

    private static ModelEditor activeModelEditor() {
        IEditorPart e = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage().getActiveEditor();
        return e instanceof ModelEditor m ? m : null;
    }

    private static String consoleText() {
        for (IConsole c : ConsolePlugin.getDefault().getConsoleManager().getConsoles()) {
            if (c instanceof MessageConsole m && "Prunus".equals(m.getName())) {
                return m.getDocument().get();
            }
        }
        return "";
    }

    @Test
    void trainingDataIsCheckedPreviewedAndSavedInTheTrainingSection() throws Exception {
        IFile digits = write("digits.tflite", DigitsDemo.read(DigitsDemo.MODEL));
        project.getFolder("data").create(true, true, null);
        write("data/" + DigitsDemo.TRAIN, DigitsDemo.read(DigitsDemo.TRAIN));
        write("data/raw.s8", new byte[28 * 28]);
        PruneWizard wizard = open(digits);
        TargetPage target = (TargetPage) wizard.getPage("target");
        assertTrue(UiTestSupport.waitUntil(() -> target.modelNoteText().startsWith("Unpruned"), 10_000),
                target.modelNoteText());
        select(target.methodCombo(), "filterlet");
        target.flashField().setText("");
        target.ramField().setText("");
        target.ratioField().setText("0.3");

        watch.phase("data page: training");
        DataPage data = (DataPage) wizard.getPage("data");
        dialog.showPage(data);
        assertEquals("Browse...", data.browseDataButton().getText(), "paths are chosen in the project");
        data.trainingDataField().setText("data/missing.npz");
        assertFalse(data.isPageComplete());
        assertFalse(wizard.canFinish(), "Finish is off while the training data is wrong");
        assertEquals("The training data \"data/missing.npz\" does not exist: paths are relative to the settings "
                + "file's folder; choose it with Browse.", data.getErrorMessage());
        data.trainingDataField().setText("data/raw.s8");
        assertTrue(data.getErrorMessage().startsWith("Raw training records and .npy samples need labels"),
                data.getErrorMessage());
        data.trainingDataField().setText("data/" + DigitsDemo.TRAIN);
        data.trainingEpochsField().setText("0");
        assertTrue(data.getErrorMessage().startsWith("Training epochs must be a whole number from 1"),
                data.getErrorMessage());
        UiTestSupport.settle(300);
        shot("wizard-2-data-training-error");
        data.trainingEpochsField().setText("1");
        data.validationSplitField().setText("0.2");
        assertTrue(data.isPageComplete(), () -> "complete, but: " + data.getErrorMessage());
        UiTestSupport.settle(300);
        shot("wizard-2-data-training");

        watch.phase("preview with training");
        PreviewPage preview = (PreviewPage) wizard.getPage("preview");
        dialog.showPage(preview);
        assertTrue(UiTestSupport.waitUntil(() -> preview.report() != null || preview.getErrorMessage() != null,
                120_000), () -> "preview finished: " + preview.resultsText());
        assertNull(preview.getErrorMessage(), preview.resultsText());
        assertFalse(preview.report().training().isEmpty(), "the preview trained, as the settings say");
        UiTestSupport.settle(300);
        shot("wizard-3-preview-training");

        watch.phase("finish with training");
        assertTrue(wizard.performFinish(), () -> "finish: " + preview.getErrorMessage());
        try (InputStream in = project.getFile("digits.prunus.json").getContents(true)) {
            PrunusSettings.Training saved = SettingsIO.read(in.readAllBytes()).training();
            assertEquals("data/" + DigitsDemo.TRAIN, saved.data());
            assertEquals(1, saved.epochs());
            assertEquals(0.2, saved.validationSplit());
            assertNull(saved.labels());
        }
        dialog.close();

        watch.phase("reopen with training");
        PruneWizard again = open(digits);
        DataPage shown = (DataPage) again.getPage("data");
        dialog.showPage(shown);
        assertEquals("data/" + DigitsDemo.TRAIN, shown.trainingDataField().getText(), "reopening shows the section");
        assertEquals("1", shown.trainingEpochsField().getText());
        assertEquals("0.2", shown.validationSplitField().getText());
        assertNull(watch.problems(), watch.problems());
    }

    @Test
    void aFailedPreviewKeepsFinishOffAndShowsTheWholeMessage() throws Exception {
        PruneWizard wizard = open(model);
        TargetPage target = (TargetPage) wizard.getPage("target");
        assertTrue(UiTestSupport.waitUntil(() -> target.modelNoteText().startsWith("Unpruned"), 10_000));
        select(target.methodCombo(), "filterlet");
        target.flashField().setText("1");
        PreviewPage preview = (PreviewPage) wizard.getPage("preview");
        dialog.showPage(preview);
        assertTrue(UiTestSupport.waitUntil(() -> preview.getErrorMessage() != null || preview.report() != null,
                60_000));
        assertNotNull(preview.getErrorMessage(), preview.resultsText());
        assertFalse(wizard.canFinish(), "Finish is off after a failed preview");
        assertTrue(preview.resultsText().contains("cannot be met") && preview.resultsText().length() > 200,
                "the whole message, not two lines of it: " + preview.resultsText());
        UiTestSupport.settle(300);
        shot("wizard-3-preview-failed");
        dialog.showPage(target);
        target.flashField().setText("");
        assertTrue(wizard.canFinish(), "changing the settings lifts the failed preview");
        assertNull(watch.problems(), watch.problems());
    }

    @Test
    void aFileThatIsNotAModelCannotBeFinished() throws Exception {
        IFile bad = write("notes.tflite", "just some notes");
        PruneWizard wizard = open(bad);
        TargetPage target = (TargetPage) wizard.getPage("target");
        assertTrue(UiTestSupport.waitUntil(() -> target.getErrorMessage() != null, 10_000));
        assertTrue(target.getErrorMessage().startsWith("notes.tflite is not a model Prunus can prune: "),
                target.getErrorMessage());
        assertFalse(wizard.canFinish());
        assertFalse(wizard.performFinish(), "nothing is written for a file that is not a model");
        assertFalse(project.getFile("notes.prunus.json").exists());
        UiTestSupport.settle(300);
        shot("wizard-not-a-model");
        assertNull(watch.problems(), watch.problems());
    }

    @Test
    void reopeningShowsTheSavedSettingsWithoutRefillingTheBudget() throws Exception {
        write("demo.prunus.json", SettingsIO.write(PrunusSettings.defaults("demo.tflite").withMethod("channel", 0.3)
                .withBudget(null)));
        PruneWizard wizard = open(model);
        TargetPage target = (TargetPage) wizard.getPage("target");
        assertEquals("", target.flashField().getText(), "an empty budget stays empty");
        assertEquals("", target.ramField().getText());
        assertEquals("0.3", target.ratioField().getText());
        assertEquals("channel", target.methodCombo().getText());
        assertNull(watch.problems(), watch.problems());
    }
}
