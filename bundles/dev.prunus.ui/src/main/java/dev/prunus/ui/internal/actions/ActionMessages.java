package dev.prunus.ui.internal.actions;

import org.eclipse.osgi.util.NLS;

/** Strings of the Prunus project and model actions and of the console, externalised in messages.properties. */
public final class ActionMessages extends NLS {

    private static final String BUNDLE_NAME = "dev.prunus.ui.internal.actions.messages";

    public static String Console_name;
    public static String Toggle_enableJob;
    public static String Toggle_disableJob;
    public static String Regenerate_job;

    static {
        NLS.initializeMessages(BUNDLE_NAME, ActionMessages.class);
    }

    private ActionMessages() {
    }
}
