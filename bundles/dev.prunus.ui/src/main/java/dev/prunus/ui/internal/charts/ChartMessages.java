package dev.prunus.ui.internal.charts;

import org.eclipse.osgi.util.NLS;

/** Strings of the charts, externalised in messages.properties beside this class. */
public final class ChartMessages extends NLS {

    private static final String BUNDLE_NAME = "dev.prunus.ui.internal.charts.messages";

    public static String Chart_dense;
    public static String Chart_chosen;
    public static String Chart_explored;
    public static String Chart_accuracy;
    public static String Chart_instructions;
    public static String Chart_flash;
    public static String Chart_accuracyInstructions;
    public static String Chart_accuracyFlash;
    public static String Chart_flashInstructions;
    public static String Chart_noExplored;
    public static String Chart_noAccuracy;
    public static String Chart_epoch;
    public static String Chart_loss;
    public static String Chart_lossTitle;
    public static String Chart_validationTop1;
    public static String Chart_validationTitle;
    public static String Chart_noTraining;
    public static String Chart_noValidation;
    public static String Chart_epochTime;
    public static String Chart_epochNumber;
    public static String Chart_epochPruned;
    public static String Chart_classesTitle;
    public static String Chart_original;
    public static String Chart_pruned;
    public static String Chart_noClasses;

    static {
        NLS.initializeMessages(BUNDLE_NAME, ChartMessages.class);
    }

    private ChartMessages() {
    }
}
