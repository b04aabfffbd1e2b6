package dev.prunus.builder.internal;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import dev.prunus.core.progress.Progress;

/**
 * The core's {@link Progress} on top of an Eclipse progress monitor. Each {@code begin} names a sub task and
 * re-scales the remaining work, so the bar never moves backwards; cancellation is read straight from the monitor,
 * so the core's frequent {@code checkCanceled()} calls stop the run within its polling interval.
 */
public final class MonitorProgress implements Progress {

    private final IProgressMonitor monitor;
    private final SubMonitor progress;

    public MonitorProgress(IProgressMonitor monitor) {
        this.monitor = monitor;
        this.progress = SubMonitor.convert(monitor, 100);
    }

    @Override
    public void begin(String task, int totalWork) {
        progress.subTask(task);
        progress.setWorkRemaining(Math.max(1, totalWork));
    }

    @Override
    public void worked(int work) {
        progress.worked(work);
    }

    @Override
    public void status(String line) {
        progress.subTask(line);
    }

    @Override
    public boolean isCanceled() {
        return monitor.isCanceled();
    }
}
