package dev.prunus.ui.internal.wizard;

import org.eclipse.osgi.util.NLS;

/** Strings of the pruning wizard, externalised in messages.properties beside this class. */
final class WizardMessages extends NLS {

    private static final String BUNDLE_NAME = "dev.prunus.ui.internal.wizard.messages";

    public static String Budget_title;
    public static String Budget_description;
    public static String Budget_core;
    public static String Budget_method;
    public static String Budget_flash;
    public static String Budget_ram;
    public static String Budget_loss;
    public static String Budget_badFlash;
    public static String Budget_badRam;
    public static String Budget_badLoss;
    public static String Budget_ratio;
    public static String Budget_calibration;
    public static String Budget_badRatio;
    public static String Budget_fineTune;
    public static String Budget_badFineTune;
    public static String Preview_title;
    public static String Preview_description;
    public static String Preview_running;
    public static String Preview_canceled;

    static {
        NLS.initializeMessages(BUNDLE_NAME, WizardMessages.class);
    }

    private WizardMessages() {
    }
}
