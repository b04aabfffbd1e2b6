package dev.prunus.cdt;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.cdt.core.settings.model.CExternalSetting;
import org.eclipse.cdt.core.settings.model.CIncludePathEntry;
import org.eclipse.cdt.core.settings.model.CSourceEntry;
import org.eclipse.cdt.core.settings.model.ICConfigurationDescription;
import org.eclipse.cdt.core.settings.model.ICSettingEntry;
import org.eclipse.cdt.core.settings.model.extension.CExternalSettingProvider;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.IPath;

/**
 * Gives every configuration of a Prunus-enabled CDT project the generated folders as source entries and as
 * include paths. CDT asks again when {@link PrunusCdtSupport#refresh} says the folders changed.
 */
public class GeneratedSourcesProvider extends CExternalSettingProvider {

    /** Extension id: bundle id + extension id in plugin.xml. */
    public static final String ID = "dev.prunus.cdt.generatedSources";

    @Override
    public CExternalSetting[] getSettings(IProject project, ICConfigurationDescription configuration) {
        return new CExternalSetting[] { new CExternalSetting(null, null, null, entries(project)) };
    }

    /** The entries contributed for a project: one source entry and one include path per generated folder. */
    static ICSettingEntry[] entries(IProject project) {
        List<ICSettingEntry> entries = new ArrayList<>();
        for (IPath folder : GeneratedFolders.of(project)) {
            IPath full = project.getFullPath().append(folder);
            entries.add(new CSourceEntry(full, null, ICSettingEntry.VALUE_WORKSPACE_PATH));
            entries.add(new CIncludePathEntry(full, ICSettingEntry.VALUE_WORKSPACE_PATH));
        }
        return entries.toArray(ICSettingEntry[]::new);
    }
}
