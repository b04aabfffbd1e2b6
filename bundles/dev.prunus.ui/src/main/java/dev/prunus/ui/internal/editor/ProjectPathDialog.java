package dev.prunus.ui.internal.editor;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerFilter;
import org.eclipse.jface.window.Window;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.ui.dialogs.ElementTreeSelectionDialog;
import org.eclipse.ui.model.BaseWorkbenchContentProvider;
import org.eclipse.ui.model.WorkbenchLabelProvider;
import org.eclipse.ui.views.navigator.ResourceComparator;

/**
 * Chooses a file or folder of one project (training data is an image folder or a single file) and returns its path
 * relative to the settings file's folder, as the settings file stores it. Only the project is offered: data the
 * build reads lives with the project, so the workspace and the command line see the same files.
 */
public final class ProjectPathDialog {

    private ProjectPathDialog() {
    }

    /** The chosen path relative to {@code settingsFolder}, or null when cancelled. */
    public static String choose(Shell shell, IContainer settingsFolder, String what) {
        ElementTreeSelectionDialog dialog = new ElementTreeSelectionDialog(shell, new WorkbenchLabelProvider(),
                new BaseWorkbenchContentProvider());
        dialog.setTitle(what.endsWith(":") ? what.substring(0, what.length() - 1) : what);
        dialog.setMessage(NLS.bind(EditorMessages.Pruning_browseMessage, settingsFolder.getProject().getName(),
                what));
        dialog.setInput(settingsFolder.getProject());
        dialog.setAllowMultiple(false);
        dialog.setComparator(new ResourceComparator(ResourceComparator.NAME));
        dialog.addFilter(new ViewerFilter() {
            @Override
            public boolean select(Viewer viewer, Object parent, Object element) {
                // Metadata (.project, .settings, .prunus-cache) is never training data.
                return !(element instanceof IResource r) || !r.getName().startsWith(".");
            }
        });
        dialog.setValidator(selection -> selection.length == 1 && selection[0] instanceof IResource
                ? Status.OK_STATUS : new Status(IStatus.ERROR, "dev.prunus.ui", ""));
        if (dialog.open() != Window.OK || !(dialog.getFirstResult() instanceof IResource chosen)) {
            return null;
        }
        return relative(chosen, settingsFolder);
    }

    /**
     * Whether a data path as typed (relative to the settings file's folder, or absolute) exists on disk; a folder
     * that is not on the local file system answers yes and leaves the report of a missing file to the build.
     */
    public static boolean exists(IContainer settingsFolder, String path) {
        if (settingsFolder.getLocation() == null) {
            return true;
        }
        try {
            java.nio.file.Path typed = java.nio.file.Paths.get(path);
            return java.nio.file.Files.exists(typed.isAbsolute() ? typed
                    : settingsFolder.getLocation().toPath().resolve(typed));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /** The path of {@code resource} as seen from {@code folder} ("../data" when it is beside the folder). */
    static String relative(IResource resource, IContainer folder) {
        return resource.getFullPath().makeRelativeTo(folder.getFullPath()).toPortableString();
    }
}
