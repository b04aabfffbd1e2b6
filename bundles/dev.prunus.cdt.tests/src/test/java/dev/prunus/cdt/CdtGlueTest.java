package dev.prunus.cdt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.cdt.core.settings.model.ICIncludePathEntry;
import org.eclipse.cdt.core.settings.model.ICSettingEntry;
import org.eclipse.cdt.core.settings.model.ICSourceEntry;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceDescription;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.PrunusNature;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;

/**
 * What of the CDT glue runs against the compile-only CDT stub: the entries the external setting provider gives a
 * project (CDT's own value types), and that the configurator contributed to the builder bundle leaves a project
 * without the C nature alone. CDT's project description manager itself needs the real CDT (see docs/builder.md).
 */
class CdtGlueTest {

    private IProject project;
    private final List<IStatus> logged = new ArrayList<>();
    private final ILogListener listener = (status, plugin) -> logged.add(status);

    @BeforeEach
    void createProject() throws CoreException {
        IWorkspaceDescription description = ResourcesPlugin.getWorkspace().getDescription();
        description.setAutoBuilding(false);
        ResourcesPlugin.getWorkspace().setDescription(description);
        project = ResourcesPlugin.getWorkspace().getRoot().getProject("cdt-glue-test");
        project.create(null);
        project.open(null);
        Platform.addLogListener(listener);
    }

    @AfterEach
    void deleteProject() throws CoreException {
        Platform.removeLogListener(listener);
        project.delete(true, true, null);
    }

    private void settings(String name, PrunusSettings settings) throws CoreException {
        project.getFile(name).create(new ByteArrayInputStream(SettingsIO.write(settings)), IResource.NONE, null);
    }

    @Test
    void everyGeneratedFolderIsASourceEntryAndAnIncludePath() throws CoreException {
        settings("person.prunus.json", PrunusSettings.defaults("person.tflite"));
        settings("kws.prunus.json", PrunusSettings.defaults("kws.tflite").withOutput("firmware/nn"));
        project.getFile("broken.prunus.json").create(new ByteArrayInputStream("{".getBytes()), IResource.NONE, null);

        ICSettingEntry[] entries = GeneratedSourcesProvider.entries(project);

        assertEquals(4, entries.length, Arrays.toString(entries));
        List<String> sources = new ArrayList<>();
        List<String> includes = new ArrayList<>();
        for (ICSettingEntry entry : entries) {
            assertTrue((entry.getFlags() & ICSettingEntry.VALUE_WORKSPACE_PATH) != 0, entry.toString());
            if (entry instanceof ICSourceEntry) {
                assertEquals(ICSettingEntry.SOURCE_PATH, entry.getKind());
                sources.add(entry.getName());
            } else if (entry instanceof ICIncludePathEntry) {
                assertEquals(ICSettingEntry.INCLUDE_PATH, entry.getKind());
                includes.add(entry.getName());
            }
        }
        List<String> expected = List.of("/cdt-glue-test/firmware/nn", "/cdt-glue-test/prunus-gen/person");
        assertEquals(expected, sources);
        assertEquals(expected, includes);
    }

    @Test
    void aProjectWithoutTheCNatureIsLeftAloneByTheConfigurator() throws CoreException {
        assertFalse(CdtProjectConfigurator.isCdtProject(project));
        PrunusNature.setEnabled(project, true, null);
        PrunusNature.setEnabled(project, false, null);
        assertTrue(logged.stream().noneMatch(s -> s.getSeverity() == IStatus.ERROR), logged.toString());
    }
}
