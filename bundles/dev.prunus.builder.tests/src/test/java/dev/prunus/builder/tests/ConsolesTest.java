package dev.prunus.builder.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspaceDescription;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.resources.ResourcesPlugin;
import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.junit.jupiter.api.Test;

import dev.prunus.builder.PrunusNature;
import dev.prunus.builder.internal.Consoles;

/** The console lookup: the registered service when there is one, the platform-log fallback when headless. */
class ConsolesTest {

    @Test
    void theServiceIsUsedWhileRegistered() {
        assertSame(Consoles.fallback(), Consoles.get(), "no console service in the headless test runtime");
        RecordingConsole console = RecordingConsole.register();
        try {
            assertSame(console, Consoles.get());
        } finally {
            console.unregister();
        }
        assertSame(Consoles.fallback(), Consoles.get());
    }

    @Test
    void headlessFailuresGoToThePlatformLog() throws Exception {
        List<IStatus> logged = new ArrayList<>();
        ILogListener listener = (status, plugin) -> logged.add(status);
        IWorkspaceDescription description = ResourcesPlugin.getWorkspace().getDescription();
        description.setAutoBuilding(false);
        ResourcesPlugin.getWorkspace().setDescription(description);
        IProject project = ResourcesPlugin.getWorkspace().getRoot().getProject("consoles-test");
        project.create(null);
        project.open(null);
        Platform.addLogListener(listener);
        try {
            PrunusNature.setEnabled(project, true, null);
            project.getFile("x.prunus.json").create(
                    new ByteArrayInputStream("{ \"schema\": 1 }".getBytes(StandardCharsets.UTF_8)), IResource.NONE,
                    null);
            project.build(IncrementalProjectBuilder.FULL_BUILD, null);
        } finally {
            Platform.removeLogListener(listener);
            project.delete(true, true, null);
        }
        List<IStatus> ours = logged.stream().filter(s -> "dev.prunus.builder".equals(s.getPlugin())).toList();
        assertEquals(1, ours.size(), ours.toString());
        assertEquals(IStatus.WARNING, ours.get(0).getSeverity());
        assertTrue(ours.get(0).getMessage().startsWith("x.prunus.json: FAILED after "), ours.get(0).getMessage());
        assertTrue(ours.get(0).getMessage().contains("missing \"model\""), ours.get(0).getMessage());
    }
}
