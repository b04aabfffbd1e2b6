package dev.prunus.builder.tests;

import org.eclipse.core.runtime.NullProgressMonitor;

/**
 * A monitor that turns canceled the first time the core pipeline itself asks whether it is canceled, that is in
 * the middle of a pipeline run, after the builder has started work on a model.
 */
final class CancelingMonitor extends NullProgressMonitor {

    private static final String PIPELINE = "dev.prunus.core.pipeline.Pipeline";

    volatile boolean triggered;

    @Override
    public boolean isCanceled() {
        if (!triggered && StackWalker.getInstance().walk(frames -> frames.anyMatch(
                f -> f.getClassName().equals(PIPELINE)))) {
            triggered = true;
            setCanceled(true);
        }
        return super.isCanceled();
    }
}
