package dev.prunus.ui.tests;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.swt.widgets.Display;

/**
 * Watches a UI test the way LSP4E's tests do: everything logged at ERROR, and how long the UI thread stayed away
 * from its event loop. A watcher thread posts a no-op to the display every 20 ms and measures how late it runs;
 * a late run means a listener, a paint or a job callback held the UI thread that long.
 */
public final class UiWatch implements AutoCloseable {

    /**
     * Longest the UI thread may be busy in one go before the test fails. This catches work done on the UI thread
     * (parsing, analysis, pruning: seconds on the shared models), not slowness: the first opening of a wizard or
     * editor loads its classes and measured 309 ms on a loaded CI machine, so the bar sits well above that. The
     * measured figure is printed for every watched test; the interactive targets live in the benchmarks.
     */
    public static final long MAX_BLOCK_MILLIS = 1000;

    private final List<IStatus> errors = new ArrayList<>();
    private final ILogListener listener = (status, plugin) -> {
        if (status.matches(IStatus.ERROR)) {
            synchronized (errors) {
                errors.add(status);
            }
        }
    };
    private final Thread watcher;
    private final java.util.Map<String, Long> worst = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile String phase = "test: start";

    private UiWatch(Display display) {
        Platform.addLogListener(listener);
        watcher = new Thread(() -> {
            while (running && !display.isDisposed()) {
                long posted = System.nanoTime();
                String at = phase;
                long[] ran = { 0 };
                try {
                    display.asyncExec(() -> ran[0] = System.nanoTime());
                } catch (org.eclipse.swt.SWTException e) {
                    return;
                }
                boolean testCode = at.contains("test:");
                while (running && ran[0] == 0) {
                    sleep(5);
                    testCode |= phase.contains("test:");
                }
                long late = ((ran[0] == 0 ? System.nanoTime() : ran[0]) - posted) / 1_000_000;
                // A wait that spans the test's own work on the UI thread is the test's, not the product's.
                String key = (at.equals(phase) ? at : at + " / " + phase) + (testCode ? " (test:)" : "");
                worst.merge(key, late, Math::max);
                sleep(20);
            }
        }, "UiWatch");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts watching the current display. */
    public static UiWatch start() {
        return new UiWatch(Display.getCurrent());
    }

    /**
     * Names what the test is doing now, so a block can be attributed. Phases named {@code "test: ..."} are the
     * test's own work on the UI thread (workspace calls, assertions) and are not counted against the product.
     */
    public void phase(String name) {
        phase = name;
    }

    /** The longest time the UI thread was busy outside test phases, in ms. */
    public long worstBlockMillis() {
        return worst.entrySet().stream().filter(e -> !e.getKey().contains("test:")).mapToLong(e -> e.getValue())
                .max().orElse(0);
    }

    public String worstBlockPhase() {
        return worst.entrySet().stream().filter(e -> !e.getKey().contains("test:"))
                .max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).orElse("");
    }

    public List<IStatus> errors() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }

    /** Fails (returns a reason) when something was logged at ERROR or the UI thread was blocked too long. */
    public String problems() {
        System.out.println("UiWatch: longest UI-thread block " + worstBlockMillis() + " ms during "
                + worstBlockPhase());
        StringBuilder b = new StringBuilder();
        for (IStatus s : errors()) {
            b.append("logged at ERROR: ").append(s).append('\n');
        }
        if (worstBlockMillis() > MAX_BLOCK_MILLIS) {
            b.append("UI thread blocked ").append(worstBlockMillis()).append(" ms during ").append(worstBlockPhase())
                    .append('\n');
        }
        return b.length() == 0 ? null : b.toString();
    }

    @Override
    public void close() {
        running = false;
        Platform.removeLogListener(listener);
    }
}
