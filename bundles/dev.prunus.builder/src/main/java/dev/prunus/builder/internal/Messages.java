package dev.prunus.builder.internal;

import org.eclipse.osgi.util.NLS;

/** Strings of the builder bundle shown to users, externalised in messages.properties. */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.prunus.builder.internal.messages";

    public static String Builder_checking;
    public static String Checker_unreadable;
    public static String Checker_invalid;
    public static String Configurator_failed;
    public static String Generator_task;
    public static String Settings_invalid;
    public static String Read_failed;
    public static String Model_missing;
    public static String Data_missing;
    public static String Output_invalid;
    public static String Output_conflict;
    public static String Output_conflictMore;
    public static String Output_regenerated;
    public static String Pipeline_failed;
    public static String Write_failed;
    public static String Internal_error;
    public static String Console_generated;
    public static String Console_failed;
    public static String Console_recovered;
    public static String Console_removed;
    public static String Regenerate_task;
    public static String Regenerate_noSettings;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
