package dev.prunus.builder.internal;

import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import dev.prunus.builder.console.PrunusConsole;

/**
 * Finds the console: the highest-ranked {@link PrunusConsole} OSGi service (the IDE console view the UI bundle
 * registers), or, headless, a fallback that puts failures into the platform log and information lines into
 * tracing (debug option {@code dev.prunus.builder/debug/console}). Looked up on every use: the UI may come later.
 */
public final class Consoles {

    static final String BUNDLE_ID = "dev.prunus.builder";
    private static final String TRACE_OPTION = BUNDLE_ID + "/debug/console";

    private static final PrunusConsole FALLBACK = new PrunusConsole() {
        @Override
        public void info(String line) {
            if ("true".equalsIgnoreCase(Platform.getDebugOption(TRACE_OPTION))) {
                log(IStatus.INFO, line);
            }
        }

        @Override
        public void error(String line) {
            log(IStatus.WARNING, line);
        }
    };

    private Consoles() {
    }

    /** The console to write to now; never null. */
    public static PrunusConsole get() {
        Bundle bundle = FrameworkUtil.getBundle(Consoles.class);
        BundleContext context = bundle == null ? null : bundle.getBundleContext();
        if (context != null) {
            try {
                ServiceReference<PrunusConsole> reference = context.getServiceReference(PrunusConsole.class);
                if (reference != null) {
                    PrunusConsole service = context.getService(reference);
                    if (service != null) {
                        // Unget at once: the service is a singleton that lives as long as its bundle.
                        context.ungetService(reference);
                        return service;
                    }
                }
            } catch (IllegalStateException e) {
                // The bundle is stopping: fall through to the fallback.
            }
        }
        return FALLBACK;
    }

    /** The console used when no service is registered (exposed for tests). */
    public static PrunusConsole fallback() {
        return FALLBACK;
    }

    static void log(int severity, String message) {
        Bundle bundle = FrameworkUtil.getBundle(Consoles.class);
        if (bundle != null) {
            ILog.of(bundle).log(new Status(severity, BUNDLE_ID, message));
        }
    }
}
