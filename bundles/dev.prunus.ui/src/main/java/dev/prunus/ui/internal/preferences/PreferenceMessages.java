package dev.prunus.ui.internal.preferences;

import org.eclipse.osgi.util.NLS;

/** Strings of the preference and property pages, externalised in messages.properties beside this class. */
final class PreferenceMessages extends NLS {

    private static final String BUNDLE_NAME = "dev.prunus.ui.internal.preferences.messages";

    public static String Prefs_description;
    public static String Prefs_part;
    public static String Prefs_output;
    public static String Prefs_method;
    public static String Prefs_badOutput;
    public static String Project_description;
    public static String Project_part;
    public static String Project_useDefault;
    public static String Project_fromIoc;

    static {
        NLS.initializeMessages(BUNDLE_NAME, PreferenceMessages.class);
    }

    private PreferenceMessages() {
    }
}
