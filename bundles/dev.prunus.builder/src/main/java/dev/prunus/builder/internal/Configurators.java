package dev.prunus.builder.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.osgi.util.NLS;

import dev.prunus.builder.ProjectConfigurator;

/**
 * Calls the {@link ProjectConfigurator}s contributed to {@code dev.prunus.builder.projectConfigurators}. A failing
 * contribution is logged and does not stop the others nor the nature change.
 */
public final class Configurators {

    /** Full id of the extension point. */
    public static final String EXTENSION_POINT = Consoles.BUNDLE_ID + ".projectConfigurators";

    private Configurators() {
    }

    /** What to call on each configurator. */
    @FunctionalInterface
    public interface Call {
        void on(ProjectConfigurator configurator, IProject project, IProgressMonitor monitor) throws CoreException;
    }

    /** Runs the call on every contributed configurator. */
    public static void notify(IProject project, Call call, IProgressMonitor monitor) {
        IConfigurationElement[] elements = Platform.getExtensionRegistry() == null ? new IConfigurationElement[0]
                : Platform.getExtensionRegistry().getConfigurationElementsFor(EXTENSION_POINT);
        List<IConfigurationElement> configurators = new ArrayList<>(List.of(elements));
        SubMonitor progress = SubMonitor.convert(monitor, configurators.size());
        for (IConfigurationElement element : configurators) {
            try {
                Object configurator = element.createExecutableExtension("class");
                if (configurator instanceof ProjectConfigurator c) {
                    call.on(c, project, progress.split(1));
                }
            } catch (CoreException | RuntimeException e) {
                if (e instanceof org.eclipse.core.runtime.OperationCanceledException canceled) {
                    throw canceled;
                }
                Consoles.log(IStatus.ERROR, NLS.bind(Messages.Configurator_failed,
                        element.getContributor().getName(), String.valueOf(e.getMessage())));
            }
        }
    }
}
