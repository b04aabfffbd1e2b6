package dev.prunus.ui.internal.preferences;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

import dev.prunus.core.parts.Part;
import dev.prunus.core.parts.PartCatalogue;
import dev.prunus.core.settings.PrunusSettings;

/** Window > Preferences > Prunus: default part, output folder and method of new settings files. */
public class PrunusPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public PrunusPreferencePage() {
        super(GRID);
        setDescription(PreferenceMessages.Prefs_description);
    }

    @Override
    public void init(IWorkbench workbench) {
        ScopedPreferenceStore store = new ScopedPreferenceStore(InstanceScope.INSTANCE, PrunusPreferences.NODE);
        store.setDefault(PrunusPreferences.PART, PrunusPreferences.DEFAULT_PART);
        store.setDefault(PrunusPreferences.OUTPUT, PrunusPreferences.DEFAULT_OUTPUT);
        store.setDefault(PrunusPreferences.METHOD, PrunusPreferences.DEFAULT_METHOD);
        setPreferenceStore(store);
    }

    @Override
    protected void createFieldEditors() {
        addField(new ComboFieldEditor(PrunusPreferences.PART, PreferenceMessages.Prefs_part, partItems(),
                getFieldEditorParent()));
        StringFieldEditor output = new StringFieldEditor(PrunusPreferences.OUTPUT, PreferenceMessages.Prefs_output,
                getFieldEditorParent()) {
            @Override
            protected boolean doCheckState() {
                String v = getStringValue().strip();
                return !v.isEmpty() && !v.startsWith("/") && !v.contains("..") && !v.contains("\\");
            }
        };
        output.setErrorMessage(PreferenceMessages.Prefs_badOutput);
        addField(output);
        String[][] methods = PrunusSettings.METHODS.stream().map(m -> new String[] { m, m })
                .toArray(String[][]::new);
        addField(new ComboFieldEditor(PrunusPreferences.METHOD, PreferenceMessages.Prefs_method, methods,
                getFieldEditorParent()));
    }

    static String[][] partItems() {
        return PartCatalogue.get().parts().stream().map(p -> new String[] { p.label(), p.name() })
                .toArray(String[][]::new);
    }

    static String labelOf(String name) {
        return PartCatalogue.get().byName(name).map(Part::label).orElse(name);
    }
}
