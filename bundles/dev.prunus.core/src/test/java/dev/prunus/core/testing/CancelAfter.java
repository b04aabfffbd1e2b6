package dev.prunus.core.testing;

import java.util.concurrent.atomic.AtomicInteger;

import dev.prunus.core.progress.Progress;

/** A progress sink whose user presses Cancel after a given number of cancellation checks. */
public final class CancelAfter implements Progress {

    private final int checksBeforeCancel;
    private final AtomicInteger checks = new AtomicInteger();

    public CancelAfter(int checksBeforeCancel) {
        this.checksBeforeCancel = checksBeforeCancel;
    }

    /** How often the code under test asked whether to stop. */
    public int checks() {
        return checks.get();
    }

    @Override
    public boolean isCanceled() {
        return checks.incrementAndGet() > checksBeforeCancel;
    }
}
