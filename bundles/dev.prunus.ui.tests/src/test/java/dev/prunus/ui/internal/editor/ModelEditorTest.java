package dev.prunus.ui.internal.editor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceDescription;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.ModelFiles;
import dev.prunus.builder.PrunusNature;
import dev.prunus.builder.ops.RegenerateOperation;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.view.Figures;
import dev.prunus.core.view.LayerFields;
import dev.prunus.core.view.ModelView;
import dev.prunus.core.view.PreprocessingFields;
import dev.prunus.core.view.ReportView;
import dev.prunus.core.view.TrainingFields;
import dev.prunus.core.view.WeightMap;
import dev.prunus.ui.internal.charts.GroupedBars;
import dev.prunus.ui.internal.charts.XyChart;
import dev.prunus.ui.tests.UiTestSupport;
import dev.prunus.ui.tests.UiWatch;

/**
 * Every tab of the model editor on the demo model and on shared models, asserting the figures shown against the
 * core's; a screenshot of each tab; no ERROR in the log and no UI-thread block above 300 ms.
 */
class ModelEditorTest {

    private static final byte[] DEMO = TfliteWriter.write(DemoModel.build());
    private static final Path SHARED = Paths.get(System.getProperty("prunus.shared", "../../../shared"));

    private IProject project;
    private IWorkbenchPage page;
    private UiWatch watch;
    private boolean autoBuild;

    @BeforeEach
    void setUp() throws Exception {
        IWorkspaceDescription d = ResourcesPlugin.getWorkspace().getDescription();
        autoBuild = d.isAutoBuilding();
        d.setAutoBuilding(false);
        ResourcesPlugin.getWorkspace().setDescription(d);
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("editor-test");
        project.create(null);
        project.open(null);
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        Shell shell = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell();
        shell.setBounds(0, 0, 1280, 1000);
        watch = UiWatch.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        watch.close();
        page.closeAllEditors(false);
        project.delete(true, true, null);
        IWorkspaceDescription d = ResourcesPlugin.getWorkspace().getDescription();
        d.setAutoBuilding(autoBuild);
        ResourcesPlugin.getWorkspace().setDescription(d);
    }

    private IFile write(String name, byte[] bytes) throws Exception {
        IFile f = project.getFile(IPath.fromPortableString(name));
        if (f.exists()) {
            f.setContents(new ByteArrayInputStream(bytes), IResource.FORCE, null);
        } else {
            f.create(new ByteArrayInputStream(bytes), IResource.FORCE, null);
        }
        return f;
    }

    private ModelEditor open(IFile file) throws Exception {
        watch.phase("open " + file.getName());
        ModelEditor editor = (ModelEditor) IDE.openEditor(page, file, ModelEditor.ID);
        assertTrue(UiTestSupport.waitUntil(() -> editor.data() != null, 30_000), "the model is read in time");
        UiTestSupport.settle(300);
        return editor;
    }

    private void tab(ModelEditor editor, int index, String screenshot) throws Exception {
        watch.phase("tab " + index);
        editor.showTab(index);
        UiTestSupport.settle(400);
        if (screenshot != null) {
            watch.phase("test: screenshot " + screenshot); // encoding a PNG is the test's work, not the editor's
            assertTrue(Files.size(UiTestSupport.screenshot(screenshot)) > 1000);
        }
    }

    /**
     * One edit as a person makes it: a phase of its own, then the event loop runs, as it does between two
     * keystrokes. Without the turn of the loop the watch would count a whole script of edits as one block.
     */
    private void edit(String what, Runnable action) {
        watch.phase("edit " + what);
        action.run();
        UiTestSupport.drain();
    }

    private void type(PruningPage p, String key, String value) {
        edit(key, () -> p.setField(key, value));
    }

    private static String n(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    private void noProblems() {
        assertNull(watch.problems(), watch.problems());
    }

    @Test
    void everyTabShowsTheDemoModel() throws Exception {
        IFile model = write("demo.tflite", DEMO);
        ModelEditor editor = open(model);
        watch.phase("test: expected");
        ModelView expected = ModelView.of(DemoModel.build());
        Figures f = expected.figures("m4");

        OverviewPage o = editor.overview();
        assertTrue(o.statusText().startsWith("demo.tflite: 7 operators"), o.statusText());
        assertFalse(o.statusText().contains("zero weights"), "a dense model: " + o.statusText());
        assertTrue(o.targetText().contains("STM32F401RE"), o.targetText());
        assertEquals(1, o.flashBars().rows().size(), "no build yet: dense only");
        assertEquals(f.flashBytes(), o.flashBars().rows().get(0).total(), "flash under the one definition");
        assertEquals((512 - 64) * 1024L, o.flashBars().limit(), "against what the part leaves");
        assertEquals(f.arenaBytes(), o.ramBars().rows().get(0).total());
        assertEquals(2, o.portsTable().getItemCount());
        assertTrue(o.portsTable().getItem(0).getText(3).startsWith("scale"), o.portsTable().getItem(0).getText(3));
        assertEquals(2, o.speedTable().getItemCount());
        assertEquals(n(f.instructions()), o.speedTable().getItem(0).getText(2));
        assertTrue(o.speedTable().getItem(0).getText(3).endsWith("@ 84 MHz"), o.speedTable().getItem(0).getText(3));
        assertTrue(o.pruneButton().isEnabled());
        tab(editor, ModelEditor.OVERVIEW, "editor-overview");

        LayersPage l = editor.layers();
        tab(editor, ModelEditor.LAYERS, null);
        var table = l.viewer().getTable();
        assertEquals(7, table.getItemCount());
        assertEquals("CONV_2D", table.getItem(0).getText(1));
        assertEquals("110,592", table.getItem(0).getText(5), "conv1: 16x16 outputs x 16 channels x 3x3x3");
        int macs = l.columnTitles().indexOf("MACs");
        l.sortBy(macs);
        long max = expected.layers().stream().mapToLong(ModelView.Layer::macs).max().orElseThrow();
        long min = expected.layers().stream().mapToLong(ModelView.Layer::macs).min().orElseThrow();
        assertEquals(n(min), table.getItem(0).getText(macs), "ascending");
        l.sortBy(macs);
        assertEquals(n(max), table.getItem(0).getText(macs), "a second click reverses");
        l.filterText().setText("conv");
        long convs = expected.layers().stream().filter(x -> x.type().contains("CONV")).count();
        assertEquals(convs, table.getItemCount());
        assertTrue(l.totalsText().startsWith(convs + " operators shown"), l.totalsText());
        l.filterText().setText("");
        assertTrue(l.totalsText().startsWith("7 operators shown: " + n(expected.params()) + " params"),
                l.totalsText());
        l.viewer().setSelection(new StructuredSelection(editor.getView().layer(2)), true);
        assertEquals(2, editor.selectedOperator(), "selection is shared with the other tabs");
        tab(editor, ModelEditor.LAYERS, "editor-layers");

        tab(editor, ModelEditor.GRAPH, null);
        assertEquals(7, editor.graph().layout().nodes().size());
        assertEquals(2, editor.graph().selected(), "the graph shows the selection");
        editor.graph().zoomBy(1.5);
        assertEquals(1.5, editor.graph().zoom(), 1e-9);
        tab(editor, ModelEditor.GRAPH, "editor-graph");

        tab(editor, ModelEditor.WEIGHTS, null);
        WeightMap map = editor.weights().heatMap().map();
        assertNotNull(map);
        assertEquals(2, map.operator(), "the weights of the selected layer");
        assertTrue(editor.weights().captionText().contains("of this model"), editor.weights().captionText());
        tab(editor, ModelEditor.WEIGHTS, "editor-weights-dense");

        tab(editor, ModelEditor.PRUNING, "editor-pruning-nosettings");
        assertTrue(editor.pruning().messageText().contains("has no settings file"), editor.pruning().messageText());
        tab(editor, ModelEditor.REPORT, null);
        assertTrue(editor.report().statusText().contains("not pruned yet"), editor.report().statusText());
        noProblems();
    }

    private IFile configure(String name, PrunusSettings settings) throws Exception {
        watch.phase("test: build");
        PrunusNature.setEnabled(project, true, null);
        IFile settingsFile = write(name + PrunusSettings.FILE_SUFFIX, SettingsIO.write(settings));
        Job job = Job.create("build " + name, m -> {
            try {
                new RegenerateOperation(settingsFile).execute(m);
                return Status.OK_STATUS;
            } catch (org.eclipse.core.runtime.CoreException e) {
                return e.getStatus();
            }
        });
        job.schedule();
        watch.phase("build " + name);
        assertTrue(UiTestSupport.waitUntil(() -> job.getResult() != null, 120_000), "built in time");
        assertTrue(job.getResult().isOK(), job.getResult().toString());
        return settingsFile;
    }

    @Test
    void afterABuildTheTabsShowWhatPruningBoughtAndTheFormEditsTheSettings() throws Exception {
        IFile model = write("demo.tflite", DEMO);
        ModelEditor editor = open(model);
        IFile settingsFile = configure("demo", PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5)
                .withBudget(null));
        assertTrue(UiTestSupport.waitUntil(() -> editor.data().report() != null, 30_000),
                "the open editor reloads when the outputs appear");
        UiTestSupport.settle(300);
        watch.phase("test: expected");
        IFile pruned = project.getFile("prunus-gen/demo/demo.pruned.tflite");
        ModelView after;
        ReportView report;
        try (InputStream a = pruned.getContents(); InputStream r = project.getFile(
                "prunus-gen/demo/demo.report.json").getContents()) {
            after = ModelView.of(TfliteReader.read(a.readAllBytes()));
            report = ReportView.read(r.readAllBytes());
        }
        assertEquals(after.figures("m4").flashBytes(), report.after().flashBytes(), "one definition everywhere");

        OverviewPage o = editor.overview();
        assertEquals(2, o.flashBars().rows().size(), "dense and pruned");
        assertEquals(after.figures("m4").flashBytes(), o.flashBars().rows().get(1).total());
        assertTrue(o.flashBars().rows().get(1).total() < o.flashBars().rows().get(0).total());
        assertEquals(4, o.speedTable().getItemCount());
        tab(editor, ModelEditor.OVERVIEW, "editor-overview-pruned");

        tab(editor, ModelEditor.REPORT, "editor-report");
        ReportPage r = editor.report();
        assertEquals(n(report.before().flashBytes()), r.totalsTable().getItem(0).getText(5));
        assertEquals(n(after.figures("m4").flashBytes()), r.totalsTable().getItem(1).getText(5));
        assertEquals(n(report.after().indexBytes()), r.totalsTable().getItem(1).getText(2));
        assertEquals(report.layers().size(), r.layersTable().getItemCount());
        assertTrue(r.links().containsAll(List.of("demo.c", "demo.h", "demo.report.html")), r.links().toString());
        assertTrue(r.statusText().contains(Figures.DEFINITION), r.statusText());

        int filterlet = report.layers().stream().filter(x -> "FILTERLET".equals(x.format())).findFirst()
                .orElseThrow().operator();
        tab(editor, ModelEditor.LAYERS, null);
        editor.layers().viewer().setSelection(new StructuredSelection(editor.getView().layer(filterlet)), true);
        int kept = editor.layers().columnTitles().indexOf("Kept");
        String keptText = editor.layers().viewer().getTable().getItem(filterlet).getText(kept);
        assertEquals(String.format(Locale.ROOT, "%.0f %%", 100 * after.layer(filterlet).keptFraction()), keptText);
        assertFalse("100 %".equals(keptText));
        tab(editor, ModelEditor.LAYERS, "editor-layers-pruned");
        tab(editor, ModelEditor.WEIGHTS, "editor-weights");
        assertTrue(editor.weights().captionText().contains("pruned model of the last build"),
                editor.weights().captionText());
        assertTrue(editor.weights().heatMap().map().keptFraction() < 1.0, "the mask shows removed units");
        editor.graph().colouring().select(1);
        tab(editor, ModelEditor.GRAPH, "editor-graph-kept");

        tab(editor, ModelEditor.PRUNING, "editor-pruning");
        PruningPage p = editor.pruning();
        assertEquals("0.5", p.values().ratio());
        assertEquals("filterlet", p.values().method());
        assertFalse(editor.isDirty());
        type(p, "maxLossPercent", "1");
        assertFalse(p.isValid(), "a loss cap without calibration records is refused");
        assertTrue(p.messageText().contains("calibration"), p.messageText());
        assertTrue(editor.isDirty());
        edit("undo", p::undo);
        assertEquals("", p.values().maxLossPercent(), "undo restores the field");
        assertFalse(editor.isDirty());
        type(p, "ratio", "0.25");
        assertTrue(p.isValid(), p.messageText());
        assertTrue(p.estimateText().contains(n(after.figures("m4").flashBytes())), p.estimateText());
        assertTrue(editor.isDirty());
        watch.phase("save");
        editor.doSave(new NullProgressMonitor());
        assertFalse(editor.isDirty());
        try (InputStream in = settingsFile.getContents()) {
            assertEquals(0.25, SettingsIO.read(in.readAllBytes()).ratio());
        }
        watch.phase("test: hand edit");
        String text = new String(SettingsIO.write(PrunusSettings.defaults("demo.tflite")
                .withMethod("channel", 0.75).withBudget(null)), StandardCharsets.UTF_8);
        write("demo.prunus.json", text.getBytes(StandardCharsets.UTF_8));
        watch.phase("reload after hand edit");
        assertTrue(UiTestSupport.waitUntil(() -> "0.75".equals(p.values().ratio()), 10_000),
                "hand edits show up in the form: " + p.values());
        assertEquals("channel", p.values().method());

        watch.phase("test: marker");
        IMarker marker = model.createMarker(ModelFiles.MARKER_TYPE, Map.of(IMarker.MESSAGE, "operator 2 is slow",
                IMarker.SEVERITY, IMarker.SEVERITY_WARNING, ModelFiles.MARKER_OPERATOR, 2));
        watch.phase("goto marker");
        IDE.gotoMarker(editor, marker);
        UiTestSupport.settle(200);
        assertEquals(ModelEditor.LAYERS, editor.activeTab(), "a marker opens the Layers tab");
        assertEquals(2, editor.selectedOperator(), "at its operator");
        assertEquals(2, editor.layers().selectedOperator());

        watch.phase("test: model changes");
        try (InputStream a = pruned.getContents()) {
            write("demo.tflite", a.readAllBytes());
        }
        watch.phase("reload after model change");
        assertTrue(UiTestSupport.waitUntil(() -> editor.overview().statusText().contains("zero weights"), 20_000),
                "the open editor reloads when the model changes: " + editor.overview().statusText());
        noProblems();
    }

    /** A report written by hand following the report contract (the core's test fixture, read in place). */
    private static byte[] reportFixture(String name) throws Exception {
        return Files.readAllBytes(Paths.get("../dev.prunus.core/src/test/fixtures/report", name));
    }

    /** The colour drawn a little below the top of a bar of a grouped bar chart. */
    private static org.eclipse.swt.graphics.RGB pixelInBar(GroupedBars chart, int group, int series, double value) {
        int w = chart.getSize().x;
        int h = chart.getSize().y;
        org.eclipse.swt.graphics.Image image = new org.eclipse.swt.graphics.Image(chart.getDisplay(), w, h);
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(chart);
        gc.copyArea(image, 0, 0);
        gc.dispose();
        org.eclipse.swt.graphics.ImageData data = image.getImageData();
        image.dispose();
        int[] x = chart.bar(group, series, w);
        int[] plot = GroupedBars.plotY(h);
        int top = plot[0] - (int) Math.round(value * plot[1]);
        return data.palette.getRGB(data.getPixel((x[0] + x[1]) / 2, top + 3));
    }

    private static XyChart.Dot marked(XyChart chart, XyChart.Mark mark) {
        return chart.series().get(0).dots().stream().filter(d -> d.mark() == mark).findFirst().orElseThrow();
    }

    @Test
    void theReportTabDrawsExploredPointsTheTrainingCurveAndPerClassAccuracy() throws Exception {
        watch.phase("test: setup");
        IFile model = write("demo.tflite", DEMO);
        write("demo" + PrunusSettings.FILE_SUFFIX, SettingsIO.write(PrunusSettings.defaults("demo.tflite")
                .withMethod("filterlet", 0.5).withBudget(null)));
        project.getFolder("prunus-gen").create(true, true, null);
        project.getFolder("prunus-gen/demo").create(true, true, null);
        byte[] json = reportFixture("trained.report.json");
        write("prunus-gen/demo/demo.report.json", json);
        ReportView expected = ReportView.read(json);
        ModelEditor editor = open(model);
        tab(editor, ModelEditor.REPORT, null);
        ReportPage r = editor.report();

        XyChart byInstructions = r.instructionsChart();
        assertTrue(byInstructions.title().contains("instructions"), byInstructions.title());
        assertEquals(expected.explored().size(), byInstructions.series().get(0).dots().size(), "every point");
        XyChart.Dot chosen = marked(byInstructions, XyChart.Mark.CHOSEN);
        assertEquals(4_100_000, chosen.x(), 1e-9);
        assertEquals(0.882, chosen.y(), 1e-9);
        assertEquals("filterlet 0.50 trained", chosen.label());
        String tip = byInstructions.tip(byInstructions.series().get(0).dots().get(1));
        assertTrue(tip.startsWith("filterlet 0.25\n") && tip.contains("6M") && tip.contains("87.1 %"),
                "hovering an explored point names it: " + tip);
        XyChart.Dot dense = marked(byInstructions, XyChart.Mark.DENSE);
        assertEquals(7_890_123, dense.x(), 1e-9);
        assertEquals(0.8884, dense.y(), 1e-9);
        assertEquals(61_000, marked(r.flashChart(), XyChart.Mark.CHOSEN).x(), 1e-9, "against flash");
        assertEquals(123_456, marked(r.flashChart(), XyChart.Mark.DENSE).x(), 1e-9);
        assertTrue(r.trainingShown());
        assertEquals(List.of(1.234, 0.912, 0.801), r.lossChart().series().get(0).dots().stream()
                .map(XyChart.Dot::y).toList());
        assertTrue(r.lossChart().series().get(0).line(), "a curve");
        assertEquals(List.of(0.81, 0.86, 0.882), r.validationChart().series().get(0).dots().stream()
                .map(XyChart.Dot::y).toList());
        assertEquals(4, r.classesTable().getItemCount());
        assertEquals("bird", r.classesTable().getItem(2).getText(0));
        assertEquals("81.00 %", r.classesTable().getItem(2).getText(1));
        assertEquals("78.00 %", r.classesTable().getItem(2).getText(2));
        assertEquals("-3.00 pt", r.classesTable().getItem(2).getText(3));
        GroupedBars classes = r.classChart();
        assertTrue(classes.isVisible(), "per-class accuracy is drawn");
        assertEquals(List.of("airplane", "automobile", "bird", "cat"), classes.groups().stream()
                .map(GroupedBars.Group::name).toList());
        assertEquals(0.81, classes.groups().get(2).values()[0], 1e-12, "original");
        assertEquals(0.78, classes.groups().get(2).values()[1], 1e-12, "pruned");
        assertEquals(2, classes.marked(), "bird lost the most: -3 points");
        r.reveal(classes);
        UiTestSupport.settle(300);
        assertEquals(GroupedBars.COLORS[1], pixelInBar(classes, 2, 1, 0.78), "the pruned bar where its value is");
        assertEquals(GroupedBars.COLORS[0], pixelInBar(classes, 0, 0, 0.92), "the original bar where its value is");
        r.reveal(r.instructionsChart());
        tab(editor, ModelEditor.REPORT, "editor-report-tradeoff");
        r.reveal(r.classesTable());
        tab(editor, ModelEditor.REPORT, "editor-report-training-classes");

        watch.phase("test: unlabelled report");
        write("prunus-gen/demo/demo.report.json", reportFixture("unlabelled.report.json"));
        watch.phase("reload unlabelled");
        assertTrue(UiTestSupport.waitUntil(() -> "kws.tflite".equals(editor.data().report().model()), 10_000),
                "the tab follows the report");
        UiTestSupport.settle(300);
        assertTrue(r.instructionsChart().title().startsWith("Flash against instructions"),
                "without accuracy, flash against instructions: " + r.instructionsChart().title());
        assertEquals(10_600, marked(r.instructionsChart(), XyChart.Mark.CHOSEN).y(), 1e-9);
        assertFalse(r.flashChart().hasPoints(), "no accuracy to draw against flash");
        assertTrue(r.trainingShown());
        assertEquals(2, r.lossChart().series().get(0).dots().size());
        assertFalse(r.validationChart().hasPoints(), "trained without validation data");
        assertFalse(r.classesTable().isVisible(), "no per-class accuracy without labels");
        assertFalse(r.classChart().isVisible(), "no per-class chart without labels");
        tab(editor, ModelEditor.REPORT, "editor-report-unlabelled");

        watch.phase("test: older report");
        write("prunus-gen/demo/demo.report.json", reportFixture("before-charts.report.json"));
        watch.phase("reload older");
        assertTrue(UiTestSupport.waitUntil(() -> "demo.tflite".equals(editor.data().report().model()), 10_000));
        UiTestSupport.settle(300);
        assertFalse(r.instructionsChart().hasPoints(), "an older report has no explored points");
        assertFalse(r.trainingShown());
        assertEquals("3,050", r.totalsTable().getItem(0).getText(5), "and still shows its figures");
        noProblems();
    }

    @Test
    void perOperatorOverridesAreEditedSavedUndoneAndFollowHandEdits() throws Exception {
        watch.phase("test: setup");
        IFile model = write("demo.tflite", DEMO);
        ModelView view = ModelView.of(DemoModel.build());
        PrunusSettings base = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5).withBudget(null);
        List<Integer> ops = LayerFields.operators(view, base);
        assertTrue(ops.size() >= 3, "the demo has several layers with weights: " + ops);
        int first = ops.get(0);
        int second = ops.get(1);
        int third = ops.get(2);
        IFile settingsFile = write("demo" + PrunusSettings.FILE_SUFFIX, SettingsIO.write(base.withLayers(
                Map.of(first, new PrunusSettings.LayerOverride("dense", null)))));
        ModelEditor editor = open(model);
        tab(editor, ModelEditor.PRUNING, null);
        PruningPage p = editor.pruning();
        assertEquals(ops, p.overrideOperators(), "every operator with weights is listed");
        assertEquals(Map.of(first, new LayerFields.Row(first, "dense", "")), p.overrides(), "the file's override");
        assertFalse(editor.isDirty());

        edit("override", () -> p.setOverride(second, "", "0.25"));
        assertTrue(editor.isDirty());
        assertTrue(p.isValid(), p.messageText());
        edit("override", () -> p.setOverride(second, "dense", "0.25"));
        assertFalse(p.isValid());
        assertTrue(p.messageText().startsWith("Operator " + second + " is dense"), p.messageText());
        edit("undo", p::undo);
        assertEquals(new LayerFields.Row(second, "", "0.25"), p.overrides().get(second), "undo restores the row");
        assertTrue(p.isValid(), p.messageText());
        edit("override", () -> p.setOverride(third, "channel", ""));
        p.selectOverrideRow(2);
        assertEquals(third, editor.selectedOperator(), "a selected row selects its operator in the other tabs");
        p.revealOverrides();
        tab(editor, ModelEditor.PRUNING, "editor-pruning-overrides");
        watch.phase("save");
        editor.doSave(new NullProgressMonitor());
        assertFalse(editor.isDirty());
        try (InputStream in = settingsFile.getContents()) {
            assertEquals(Map.of(first, new PrunusSettings.LayerOverride("dense", null), second,
                    new PrunusSettings.LayerOverride(null, 0.25), third,
                    new PrunusSettings.LayerOverride("channel", null)), SettingsIO.read(in.readAllBytes()).layers());
        }
        watch.phase("test: clear and save");
        edit("override", () -> p.setOverride(first, "", ""));
        editor.doSave(new NullProgressMonitor());
        try (InputStream in = settingsFile.getContents()) {
            assertFalse(SettingsIO.read(in.readAllBytes()).layers().containsKey(first), "a cleared row is removed");
        }
        watch.phase("test: hand edit");
        write(settingsFile.getName(), SettingsIO.write(base.withLayers(Map.of(third,
                new PrunusSettings.LayerOverride("unstructured", 0.5)))));
        watch.phase("reload after hand edit");
        assertTrue(UiTestSupport.waitUntil(() -> p.overrides().equals(Map.of(third,
                new LayerFields.Row(third, "unstructured", "0.5"))), 10_000),
                "hand edits show up in the table: " + p.overrides());
        assertFalse(editor.isDirty());
        noProblems();
    }

    @Test
    void trainingFieldsAreEditedSavedUndoneAndFollowHandEdits() throws Exception {
        watch.phase("test: setup");
        IFile model = write("demo.tflite", DEMO);
        project.getFolder("train").create(true, true, null);
        write("train/digits.npz", new byte[] { 1 });
        write("val.npz", new byte[] { 1 });
        PrunusSettings.Training training = new PrunusSettings.Training("train", null, null, 0.2, 3, 16, "sgd",
                0.01, new PrunusSettings.Augmentation(null, 2, null), 5L, null);
        PrunusSettings base = PrunusSettings.defaults("demo.tflite").withMethod("filterlet", 0.5).withBudget(null)
                .withLayers(Map.of(0, new PrunusSettings.LayerOverride("dense", null)));
        IFile settingsFile = write("demo" + PrunusSettings.FILE_SUFFIX, SettingsIO.write(base.withTraining(training)));
        ModelEditor editor = open(model);
        tab(editor, ModelEditor.PRUNING, null);
        PruningPage p = editor.pruning();
        assertEquals(new TrainingFields.Values("train", "", "", "0.2", "3", "16", "0.01", true, "2", false, "5"),
                p.trainingValues(), "the file's training section");
        assertFalse(editor.isDirty());
        assertTrue(p.isValid(), p.messageText());

        type(p, "trainingEpochs", "0");
        assertTrue(editor.isDirty());
        assertFalse(p.isValid());
        assertTrue(p.messageText().startsWith("Training epochs must be a whole number from 1 to 10000"),
                p.messageText());
        edit("undo", p::undo);
        assertEquals("3", p.trainingValues().epochs(), "undo restores the field");
        assertTrue(p.isValid(), p.messageText());
        type(p, "trainingData", "trian");
        assertTrue(p.messageText().startsWith("The training data \"trian\" does not exist"), p.messageText());
        type(p, "trainingData", "train");
        type(p, "trainingValidation", "val.npz");
        assertTrue(p.messageText().startsWith("Give validation data or a validation split, not both"),
                p.messageText());
        type(p, "validationSplit", "");
        type(p, "learningRate", "1e-4");
        edit("augmentation", () -> p.setAugmentation("flip", true));
        assertTrue(p.isValid(), p.messageText());
        p.revealTraining();
        tab(editor, ModelEditor.PRUNING, "editor-pruning-training");
        watch.phase("save");
        editor.doSave(new NullProgressMonitor());
        assertFalse(editor.isDirty());
        try (InputStream in = settingsFile.getContents()) {
            PrunusSettings back = SettingsIO.read(in.readAllBytes());
            assertEquals(new PrunusSettings.Training("train", null, "val.npz", null, 3, 16, "sgd", 1e-4,
                    new PrunusSettings.Augmentation(null, 2, true), 5L, null), back.training());
            assertEquals(base.layers(), back.layers(), "the overrides are kept");
        }
        watch.phase("test: hand edit");
        write(settingsFile.getName(), SettingsIO.write(base.withTraining(training.withData("train", null, 7))));
        watch.phase("reload after hand edit");
        assertTrue(UiTestSupport.waitUntil(() -> "7".equals(p.trainingValues().epochs()), 10_000),
                "hand edits show up in the training fields: " + p.trainingValues());
        assertEquals("", p.trainingValues().validation());
        assertFalse(editor.isDirty());
        watch.phase("test: remove training");
        for (String key : List.of("trainingData", "validationSplit", "trainingEpochs", "batchSize", "learningRate",
                "padding", "seed")) {
            type(p, key, "");
        }
        assertTrue(p.isValid(), p.messageText());
        editor.doSave(new NullProgressMonitor());
        try (InputStream in = settingsFile.getContents()) {
            PrunusSettings back = SettingsIO.read(in.readAllBytes());
            assertNull(back.training(), "empty training fields remove the section");
            assertEquals(base.layers(), back.layers());
        }

        watch.phase("test: preprocessing");
        assertEquals(new PreprocessingFields.Values("", "", "", "", "", ""), p.preprocessingValues(),
                "no section: every field inferred");
        type(p, "scale", "0");
        assertFalse(p.isValid());
        assertTrue(p.messageText().startsWith("The scale must not be 0"), p.messageText());
        type(p, "scale", "0.00390625");
        type(p, "mean", "0.5, 0.5, 0.5");
        type(p, "std", "0.25, -1, 0.25");
        assertTrue(p.messageText().startsWith("The std must be one number above 0"), p.messageText());
        type(p, "std", "0.25");
        type(p, "channels", "bgr");
        type(p, "rawType", "uint8");
        assertTrue(p.isValid(), p.messageText());
        editor.doSave(new NullProgressMonitor());
        try (InputStream in = settingsFile.getContents()) {
            PrunusSettings back = SettingsIO.read(in.readAllBytes());
            assertEquals(new Preprocessing(0.00390625, null, List.of(0.5, 0.5, 0.5), List.of(0.25), "bgr", "uint8",
                    null, null), back.preprocessing(), "the form's preprocessing is the file's section");
            assertEquals(base.layers(), back.layers());
        }
        watch.phase("test: preprocessing hand edit");
        write(settingsFile.getName(), SettingsIO.write(base.withPreprocessing(new Preprocessing(null, -1.0, null,
                null, "grayscale", null, "images", null))));
        watch.phase("reload after preprocessing hand edit");
        assertTrue(UiTestSupport.waitUntil(() -> "-1".equals(p.preprocessingValues().offset()), 10_000),
                "hand edits show up in the preprocessing fields: " + p.preprocessingValues());
        assertEquals(new PreprocessingFields.Values("", "-1", "", "", "grayscale", ""), p.preprocessingValues());
        assertFalse(editor.isDirty(), "an untouched form equals the file, the npz key it does not show included");
        noProblems();
    }

    @Test
    void aBadModelGetsAMarkerAndAnEditorThatSaysWhatIsWrong() throws Exception {
        watch.phase("test: setup");
        IFile bad = write("broken.tflite", "this is not a flatbuffer".getBytes(StandardCharsets.UTF_8));
        PrunusNature.setEnabled(project, true, null);
        project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        IMarker[] markers = bad.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO);
        assertEquals(1, markers.length);
        int shells = PlatformUI.getWorkbench().getDisplay().getShells().length;
        ModelEditor editor = open(bad);
        assertTrue(editor.overview().statusText().startsWith("This model cannot be shown: "),
                editor.overview().statusText());
        assertTrue(editor.overview().statusText().length() > 40, "and says why");
        assertFalse(editor.overview().pruneButton().isEnabled());
        assertEquals(shells, PlatformUI.getWorkbench().getDisplay().getShells().length, "no error dialog");
        tab(editor, ModelEditor.OVERVIEW, "editor-bad-model");
        IDE.gotoMarker(editor, markers[0]);
        assertEquals(ModelEditor.OVERVIEW, editor.activeTab());
        noProblems();
    }

    /** Shared models in place (linked, never copied): values shown equal the core's, the largest one included. */
    @Test
    void sharedModelsOpenWithoutBlockingTheUiThread() throws Exception {
        assumeTrue(Files.isDirectory(SHARED.resolve("models")), "../shared/models is absent (set -Dprunus.shared=DIR);"
                + " skipping the shared-model editor test");
        List<Path> int8;
        try (Stream<Path> s = Files.walk(SHARED.resolve("models"))) {
            int8 = s.filter(p -> p.toString().endsWith(".tflite") && !p.toString().contains("/float/"))
                    .sorted(Comparator.comparingLong((Path p) -> p.toFile().length()).reversed()).toList();
        }
        Path largest = int8.get(0);
        for (Path path : List.of(largest, SHARED.resolve("models/tflm/person_detect.tflite"),
                SHARED.resolve("models/mlperf_tiny/vww_96_int8.tflite"))) {
            if (!Files.isRegularFile(path)) {
                continue;
            }
            watch.phase("test: link " + path.getFileName());
            IFile file = project.getFile(path.getFileName().toString());
            file.createLink(IPath.fromOSString(path.toAbsolutePath().toString()), IResource.NONE, null);
            ModelView expected = ModelView.of(TfliteReader.read(Files.readAllBytes(path)));
            ModelEditor editor = open(file);
            assertNull(editor.data().error(), editor.data().error());
            assertEquals(expected.figures("m4").flashBytes(), editor.overview().flashBars().rows().get(0).total(),
                    path.toString());
            String base = path.getFileName().toString().replace(".tflite", "");
            for (int t = 0; t <= ModelEditor.REPORT; t++) {
                tab(editor, t, "shared-" + base + "-" + t);
            }
            assertEquals(expected.layers().size(), editor.layers().viewer().getTable().getItemCount());
            assertEquals(expected.layers().size(), editor.graph().layout().nodes().size());
            watch.phase("test: close");
            page.closeAllEditors(false);
        }
        assertNull(watch.problems(), "opening " + largest + " (the largest shared int8 model): " + watch.problems());
    }
}
