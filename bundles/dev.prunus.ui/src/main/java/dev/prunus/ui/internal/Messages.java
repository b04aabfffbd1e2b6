package dev.prunus.ui.internal;

import org.eclipse.osgi.util.NLS;

/** Strings of the UI bundle shown to users, externalised in messages.properties. */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.prunus.ui.internal.messages";

    public static String Prune_title;
    public static String Prune_failed;
    public static String Prune_job;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
