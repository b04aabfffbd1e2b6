package dev.prunus.core.progress;

/**
 * A step of a larger task: the step's own {@code begin}/{@code worked} units are rescaled to the {@code share} of
 * units the parent gave it, and its {@code begin} never reaches the parent, so a nested step (the pruner, the C
 * generator) cannot reset or overrun the outer task's progress. Cancellation is the parent's.
 */
public final class SubProgress implements Progress {

    private final Progress parent;
    private final int share;
    private long total = 1;
    private long done;
    private int given;

    /**
     * @param parent the outer task's progress
     * @param share  parent work units this step accounts for
     */
    public SubProgress(Progress parent, int share) {
        this.parent = parent;
        this.share = Math.max(0, share);
    }

    @Override
    public void begin(String task, int totalWork) {
        total = Math.max(1, totalWork);
        done = 0;
    }

    @Override
    public void worked(int work) {
        if (work <= 0) {
            return;
        }
        done = Math.min(total, done + work);
        int due = (int) (done * share / total);
        if (due > given) {
            parent.worked(due - given);
            given = due;
        }
    }

    /** Gives the parent whatever of the share is not reported yet (the step ended early). */
    public void finish() {
        if (given < share) {
            parent.worked(share - given);
            given = share;
        }
    }

    @Override
    public void status(String line) {
        parent.status(line);
    }

    @Override
    public boolean isCanceled() {
        return parent.isCanceled();
    }
}
