package dev.prunus.core.progress;

/**
 * Progress and cancellation, as the core sees them: the Eclipse side adapts an IProgressMonitor, the command line
 * prints. Long loops call {@link #checkCanceled()} often (at least every ~100 ms of work), so that cancel takes
 * effect within half a second anywhere in the pipeline.
 */
public interface Progress {

    /** A sink that reports nothing and is never canceled. */
    Progress NONE = () -> false;

    /** Starts a (sub)task of the given number of work units (a sink that shows nothing ignores it). */
    default void begin(String task, int totalWork) {
    }

    /** Reports finished work units of the current task (a sink that shows nothing ignores it). */
    default void worked(int work) {
    }

    /**
     * A one-line status of the running task, e.g. a training epoch's loss, validation accuracy and time left
     * (the command line prints it, the IDE shows it as the sub task; a sink that shows nothing ignores it).
     */
    default void status(String line) {
    }

    /** Whether the user asked to stop. */
    boolean isCanceled();

    /** Throws {@link CanceledException} when the user asked to stop. */
    default void checkCanceled() {
        if (isCanceled()) {
            throw new CanceledException();
        }
    }
}
