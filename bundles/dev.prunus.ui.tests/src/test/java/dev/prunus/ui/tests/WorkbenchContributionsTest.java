package dev.prunus.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.ui.IEditorPart;
import org.eclipse.ui.IWorkbenchPage;
import org.eclipse.ui.PlatformUI;
import org.eclipse.ui.ide.IDE;
import org.eclipse.ui.navigator.CommonNavigator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.ui.internal.editor.ModelEditor;

/** The Prunus contributions in a running workbench: the popup command on models only, and the model editor. */
class WorkbenchContributionsTest {

    private static final String PROJECT_EXPLORER = "org.eclipse.ui.navigator.ProjectExplorer";

    private IProject project;
    private IFile model;
    private IFile notes;
    private IWorkbenchPage page;

    @BeforeEach
    void setUp() throws Exception {
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("ui-test");
        project.create(null);
        project.open(null);
        model = project.getFile("demo.tflite");
        model.create(new ByteArrayInputStream(TfliteWriter.write(DemoModel.build())), IResource.FORCE, null);
        notes = project.getFile("notes.txt");
        notes.create(new ByteArrayInputStream("notes".getBytes()), IResource.FORCE, null);
        page = PlatformUI.getWorkbench().getActiveWorkbenchWindow().getActivePage();
        PlatformUI.getWorkbench().getActiveWorkbenchWindow().getShell().setSize(1200, 800);
    }

    @AfterEach
    void tearDown() throws Exception {
        page.closeAllEditors(false);
        project.delete(true, true, null);
    }

    private Menu contextMenuOn(IFile file) throws Exception {
        CommonNavigator explorer = (CommonNavigator) page.showView(PROJECT_EXPLORER);
        explorer.selectReveal(new StructuredSelection(file));
        page.activate(explorer);
        UiTestSupport.settle(200);
        Tree tree = explorer.getCommonViewer().getTree();
        Menu menu = tree.getMenu();
        assertNotNull(menu, "the Project Explorer has a context menu");
        // The menu manager fills the menu when it is about to show.
        menu.notifyListeners(SWT.Show, new Event());
        UiTestSupport.settle(100);
        return menu;
    }

    private static MenuItem find(Menu menu, String text) {
        for (MenuItem item : menu.getItems()) {
            if (item.getText().replace("&", "").startsWith(text)) {
                return item;
            }
        }
        return null;
    }

    @Test
    void pruneCommandIsOfferedOnModelsOnly() throws Exception {
        Menu menu = contextMenuOn(model);
        MenuItem prune = find(menu, "Prune for MCU");
        assertNotNull(prune, "Prune for MCU must be in the context menu of a .tflite file");
        assertTrue(prune.isEnabled(), "Prune for MCU must be enabled on a single model");

        menu.setVisible(true);
        UiTestSupport.settle(600);
        Path shot = UiTestSupport.screenshot("prune-for-mcu-menu");
        menu.setVisible(false);
        menu.notifyListeners(SWT.Hide, new Event());
        assertTrue(Files.size(shot) > 1000, "screenshot written: " + shot);

        Menu other = contextMenuOn(notes);
        assertNull(find(other, "Prune for MCU"), "Prune for MCU must not appear on other files");
        other.notifyListeners(SWT.Hide, new Event());
    }

    @Test
    void modelEditorShowsTheOperatorsInItsLayersTab() throws Exception {
        IEditorPart part = IDE.openEditor(page, model);
        ModelEditor editor = assertInstanceOf(ModelEditor.class, part, "a .tflite file opens in the Prunus editor");
        assertTrue(UiTestSupport.waitUntil(() -> editor.getView() != null, 10_000), "the model is read in time");
        UiTestSupport.settle(200);
        var table = editor.layers().viewer().getTable();
        assertEquals(7, table.getItemCount());
        assertEquals("CONV_2D", table.getItem(0).getText(1));
        // conv1: 16x16 outputs x 16 channels x (3x3x3) MACs each, as the core's analysis computes them.
        assertEquals("110592", table.getItem(0).getText(5).replaceAll("\\D", ""));

        CTabFolder tabs = findTabs(table.getParent());
        assertNotNull(tabs, "the editor has tabs");
        assertEquals(java.util.List.of("Overview", "Layers", "Graph", "Weights", "Pruning", "Report"),
                java.util.Arrays.stream(tabs.getItems()).map(CTabItem::getText).toList());
    }

    @Test
    void pruneCommandIsNotOfferedOnGeneratedPrunedModels() throws Exception {
        IFile pruned = project.getFile("demo.pruned.tflite");
        pruned.create(new ByteArrayInputStream(TfliteWriter.write(DemoModel.build())), IResource.FORCE, null);
        Menu menu = contextMenuOn(pruned);
        assertNull(find(menu, "Prune for MCU"), "a generated pruned model is an output, not something to prune");
        menu.notifyListeners(SWT.Hide, new Event());
    }

    private static CTabFolder findTabs(Control control) {
        for (Control c = control; c != null; c = c.getParent()) {
            if (c instanceof CTabFolder folder) {
                return folder;
            }
            if (c instanceof Composite composite && !(c instanceof CTabFolder)) {
                for (Control child : composite.getChildren()) {
                    if (child instanceof CTabFolder folder) {
                        return folder;
                    }
                }
            }
        }
        return null;
    }
}
