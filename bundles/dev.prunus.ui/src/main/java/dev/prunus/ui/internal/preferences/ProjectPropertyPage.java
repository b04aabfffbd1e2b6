package dev.prunus.ui.internal.preferences;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.dialogs.PropertyPage;
import org.osgi.service.prefs.BackingStoreException;

import dev.prunus.core.parts.PartCatalogue;

/** Project > Properties > Prunus: the project's part (stored in the project's .settings, shared with the team). */
public class ProjectPropertyPage extends PropertyPage {

    private Combo part;

    @Override
    protected Control createContents(Composite parent) {
        IProject project = project();
        Composite c = new Composite(parent, SWT.NONE);
        c.setLayout(new GridLayout(2, false));
        Label intro = new Label(c, SWT.WRAP);
        intro.setText(PreferenceMessages.Project_description);
        intro.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        new Label(c, SWT.NONE).setText(PreferenceMessages.Project_part);
        part = new Combo(c, SWT.READ_ONLY);
        part.add(NLS.bind(PreferenceMessages.Project_useDefault,
                PrunusPreferencePage.labelOf(PrunusPreferences.defaultPart())));
        PartCatalogue.get().parts().forEach(p -> part.add(p.label()));
        part.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        String own = project == null ? null : PrunusPreferences.project(project).get(PrunusPreferences.PART, null);
        int index = 0;
        for (int i = 0; i < PartCatalogue.get().parts().size(); i++) {
            if (PartCatalogue.get().parts().get(i).name().equals(own)) {
                index = i + 1;
            }
        }
        part.select(index);
        String ioc = project == null ? null : PrunusPreferences.iocText(project);
        PartCatalogue.get().fromIoc(ioc == null ? "" : ioc).ifPresent(p -> {
            Label note = new Label(c, SWT.WRAP);
            note.setText(NLS.bind(PreferenceMessages.Project_fromIoc, ".ioc", p.name()));
            note.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        });
        return c;
    }

    /** The part chosen (catalogue name), or null for the workspace default. */
    public String selectedPart() {
        int i = part.getSelectionIndex();
        return i <= 0 ? null : PartCatalogue.get().parts().get(i - 1).name();
    }

    /** Selects a part by catalogue name (null: the workspace default); for tests and callers. */
    public void selectPart(String name) {
        part.select(0);
        for (int i = 0; i < PartCatalogue.get().parts().size(); i++) {
            if (PartCatalogue.get().parts().get(i).name().equals(name)) {
                part.select(i + 1);
            }
        }
    }

    @Override
    public boolean performOk() {
        IProject project = project();
        if (project == null) {
            return true;
        }
        var node = PrunusPreferences.project(project);
        String chosen = selectedPart();
        if (chosen == null) {
            node.remove(PrunusPreferences.PART);
        } else {
            node.put(PrunusPreferences.PART, chosen);
        }
        try {
            node.flush();
        } catch (BackingStoreException e) {
            setErrorMessage(e.getMessage());
            return false;
        }
        return true;
    }

    @Override
    protected void performDefaults() {
        part.select(0);
        super.performDefaults();
    }

    private IProject project() {
        return Adapters.adapt(getElement(), IProject.class);
    }
}
