package dev.prunus.ui.internal.wizard;

import org.eclipse.osgi.util.NLS;

/** Strings of the pruning wizard, externalised in messages.properties beside this class. */
final class WizardMessages extends NLS {

    private static final String BUNDLE_NAME = "dev.prunus.ui.internal.wizard.messages";

    public static String Target_title;
    public static String Target_description;
    public static String Target_part;
    public static String Target_method;
    public static String Target_flash;
    public static String Target_ram;
    public static String Target_ratio;
    public static String Target_checking;
    public static String Target_checkJob;
    public static String Target_notAModel;
    public static String Target_modelNeeds;
    public static String Target_noPart;
    public static String Target_fromIoc;
    public static String Target_fromProject;
    public static String Target_fromPreference;
    public static String Target_partChosen;
    public static String Data_title;
    public static String Data_description;
    public static String Data_calibration;
    public static String Data_validation;
    public static String Data_labels;
    public static String Data_loss;
    public static String Data_fineTune;
    public static String Data_training;
    public static String Data_trainingData;
    public static String Data_trainingLabels;
    public static String Data_trainingValidation;
    public static String Data_validationSplit;
    public static String Data_trainingEpochs;
    public static String Data_browse;
    public static String Preview_title;
    public static String Preview_description;
    public static String Preview_running;
    public static String Preview_canceled;
    public static String Preview_failed;
    public static String Preview_before;
    public static String Preview_after;
    public static String Preview_flashLimit;
    public static String Preview_ramLimit;
    public static String Preview_colOp;
    public static String Preview_colType;
    public static String Preview_colFormat;
    public static String Preview_colKept;
    public static String Preview_colBytes;
    public static String Preview_colInstr;
    public static String Part_weights;
    public static String Part_index;
    public static String Part_other;
    public static String Part_code;
    public static String Part_arena;
    public static String Finish_canceled;
    public static String Finish_buildFailed;
    public static String Finish_unknown;

    static {
        NLS.initializeMessages(BUNDLE_NAME, WizardMessages.class);
    }

    private WizardMessages() {
    }
}
