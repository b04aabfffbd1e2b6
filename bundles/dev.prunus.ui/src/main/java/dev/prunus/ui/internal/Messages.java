package dev.prunus.ui.internal;

import org.eclipse.osgi.util.NLS;

/** Strings of the UI bundle shown to users, externalised in messages.properties. */
public final class Messages extends NLS {

    private static final String BUNDLE_NAME = "dev.prunus.ui.internal.messages";

    public static String Editor_notAFile;
    public static String Editor_reading;
    public static String Editor_readJob;
    public static String Editor_unreadable;
    public static String Editor_summary;
    public static String Editor_overviewTab;
    public static String Editor_operatorsTab;
    public static String Editor_colIndex;
    public static String Editor_colOperator;
    public static String Editor_colOutput;
    public static String Editor_colWeights;
    public static String Editor_colParams;
    public static String Editor_colMacs;
    public static String Editor_colFlash;
    public static String Prune_title;
    public static String Prune_failed;
    public static String Prune_job;

    static {
        NLS.initializeMessages(BUNDLE_NAME, Messages.class);
    }

    private Messages() {
    }
}
