package dev.prunus.builder.tests;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.resources.IProject;
import org.eclipse.core.runtime.IProgressMonitor;

import dev.prunus.builder.ProjectConfigurator;

/** Contributed by this fragment's fragment.xml: records what the builder bundle tells tool-chain integrations. */
public class RecordingConfigurator implements ProjectConfigurator {

    static final List<String> CALLS = new ArrayList<>();

    @Override
    public void natureAdded(IProject project, IProgressMonitor monitor) {
        record("added " + project.getName());
    }

    @Override
    public void natureRemoved(IProject project, IProgressMonitor monitor) {
        record("removed " + project.getName());
    }

    @Override
    public void outputFoldersChanged(IProject project, IProgressMonitor monitor) {
        record("folders " + project.getName());
    }

    private static void record(String call) {
        synchronized (CALLS) {
            CALLS.add(call);
        }
    }

    static List<String> calls() {
        synchronized (CALLS) {
            return List.copyOf(CALLS);
        }
    }
}
