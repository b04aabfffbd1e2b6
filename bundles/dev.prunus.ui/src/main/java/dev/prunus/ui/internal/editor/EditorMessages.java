package dev.prunus.ui.internal.editor;

import org.eclipse.osgi.util.NLS;

/** Strings of the model editor, externalised in messages.properties beside this class. */
final class EditorMessages extends NLS {

    private static final String BUNDLE_NAME = "dev.prunus.ui.internal.editor.messages";

    public static String Editor_notAFile;
    public static String Editor_reading;
    public static String Editor_readJob;
    public static String Editor_unreadable;
    public static String Tab_overview;
    public static String Tab_layers;
    public static String Tab_graph;
    public static String Tab_weights;
    public static String Tab_pruning;
    public static String Tab_report;
    public static String Col_index;
    public static String Col_operator;
    public static String Col_output;
    public static String Col_weights;
    public static String Col_params;
    public static String Col_macs;
    public static String Col_flash;
    public static String Col_ram;
    public static String Col_instrM4;
    public static String Col_kept;
    public static String Col_format;
    public static String Col_class;
    public static String Col_change;
    public static String Report_classes;
    public static String Col_port;
    public static String Col_name;
    public static String Col_shape;
    public static String Col_quantization;
    public static String Col_core;
    public static String Col_model;
    public static String Col_instructions;
    public static String Col_ms;
    public static String Col_flashTotal;
    public static String Col_bytesBefore;
    public static String Col_bytesAfter;
    public static String Col_instrBefore;
    public static String Col_instrAfter;
    public static String Part_weights;
    public static String Part_index;
    public static String Part_other;
    public static String Part_code;
    public static String Part_arena;
    public static String Overview_summary;
    public static String Overview_isPruned;
    public static String Overview_prune;
    public static String Overview_part;
    public static String Overview_noPart;
    public static String Overview_fromIoc;
    public static String Overview_fromProject;
    public static String Overview_fromPreference;
    public static String Overview_ports;
    public static String Overview_input;
    public static String Overview_output;
    public static String Overview_flash;
    public static String Overview_ram;
    public static String Overview_speed;
    public static String Overview_dense;
    public static String Overview_thisModel;
    public static String Overview_pruned;
    public static String Overview_flashLimit;
    public static String Overview_ramLimit;
    public static String Layers_filter;
    public static String Layers_filterHint;
    public static String Layers_totals;
    public static String Graph_colour;
    public static String Graph_byCost;
    public static String Graph_byKept;
    public static String Graph_hint;
    public static String Weights_layer;
    public static String Weights_none;
    public static String Weights_caption;
    public static String Weights_ofPruned;
    public static String Weights_ofThis;
    public static String Pruning_part;
    public static String Pruning_ownTarget;
    public static String Pruning_method;
    public static String Pruning_flash;
    public static String Pruning_ram;
    public static String Pruning_loss;
    public static String Pruning_ratio;
    public static String Pruning_calibration;
    public static String Pruning_validation;
    public static String Pruning_labels;
    public static String Pruning_fineTune;
    public static String Pruning_output;
    public static String Pruning_ok;
    public static String Pruning_noSettings;
    public static String Pruning_fileInvalid;
    public static String Pruning_noLimit;
    public static String Pruning_estimate;
    public static String Pruning_overrides;
    public static String Pruning_layerMethod;
    public static String Pruning_layerRatio;
    public static String Pruning_fileMethod;
    public static String Pruning_undo;
    public static String Pruning_training;
    public static String Pruning_trainingData;
    public static String Pruning_trainingValidation;
    public static String Pruning_validationSplit;
    public static String Pruning_trainingEpochs;
    public static String Pruning_batchSize;
    public static String Pruning_learningRate;
    public static String Pruning_augmentation;
    public static String Pruning_crop;
    public static String Pruning_padding;
    public static String Pruning_flip;
    public static String Pruning_seed;
    public static String Pruning_browse;
    public static String Pruning_browseMessage;
    public static String Report_none;
    public static String Report_noSettings;
    public static String Report_summary;
    public static String Report_before;
    public static String Report_after;
    public static String Report_noFidelity;
    public static String Report_fidelity;
    public static String Report_validation;
    public static String Report_calibration;
    public static String Report_noNotes;
    public static String Report_files;

    static {
        NLS.initializeMessages(BUNDLE_NAME, EditorMessages.class);
    }

    private EditorMessages() {
    }
}
