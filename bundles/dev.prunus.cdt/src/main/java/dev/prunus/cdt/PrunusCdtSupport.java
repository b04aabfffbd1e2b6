package dev.prunus.cdt;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import org.eclipse.cdt.core.model.CoreModel;
import org.eclipse.cdt.core.settings.model.ICConfigurationDescription;
import org.eclipse.cdt.core.settings.model.ICProjectDescription;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.CoreException;

/**
 * Switches Prunus' contribution on or off in every build configuration of a CDT project. Done once when the nature
 * is added or removed, not on every build: the provider id is stored in the project description.
 */
public final class PrunusCdtSupport {

    private PrunusCdtSupport() {
    }

    /** Adds (enable) or removes the provider in every configuration; returns false for non-CDT projects. */
    public static boolean setEnabled(IProject project, boolean enable) throws CoreException {
        CoreModel model = CoreModel.getDefault();
        ICProjectDescription description = model.getProjectDescription(project, true);
        if (description == null) {
            return false;
        }
        boolean changed = false;
        for (ICConfigurationDescription configuration : description.getConfigurations()) {
            Set<String> ids = new LinkedHashSet<>(Arrays.asList(configuration.getExternalSettingsProviderIds()));
            if (enable ? ids.add(GeneratedSourcesProvider.ID) : ids.remove(GeneratedSourcesProvider.ID)) {
                configuration.setExternalSettingsProviderIds(ids.toArray(String[]::new));
                changed = true;
            }
        }
        if (changed) {
            model.setProjectDescription(project, description);
        }
        return true;
    }

    /** Asks CDT to fetch the provider's entries again, after generated folders were added or removed. */
    public static void refresh(IProject project) throws CoreException {
        CoreModel model = CoreModel.getDefault();
        ICProjectDescription description = model.getProjectDescription(project, true);
        if (description == null) {
            return;
        }
        for (ICConfigurationDescription configuration : description.getConfigurations()) {
            if (Arrays.asList(configuration.getExternalSettingsProviderIds()).contains(GeneratedSourcesProvider.ID)) {
                configuration.updateExternalSettingsProviders(new String[] { GeneratedSourcesProvider.ID });
            }
        }
        model.setProjectDescription(project, description);
    }
}
