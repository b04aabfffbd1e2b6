package dev.prunus.core.prune;

import java.util.ArrayList;
import java.util.List;

import dev.prunus.core.ir.Model;

/** The state one pruning run shares between its steps (setup, allocation, building, report). */
final class PruneSetup {

    /** One decision variable: a space's channel ratio (layer = -1) or a layer's unit ratio (space = -1). */
    record Var(int space, int layer, Units.Kind kind, Double fixed) {
    }

    Model model;
    PrunableGraph pg;
    PruneOptions o;
    Importance imp;
    double[][] real;
    double[][] channelScores;
    double[][] unitScores;
    Units.Kind[] kind;
    List<Var> vars = new ArrayList<>();
    List<byte[]> calibration;
    List<String> notes = new ArrayList<>();
    Plan finalPlan;
    Estimator estimator;
    /** Class names of the labelled data, when known. */
    List<String> classNames;
    /** Training curve, when the run trained. */
    final List<PruneReport.Epoch> epochs = new ArrayList<>();
    /** Points evaluated besides the dense and the chosen model (e.g. the one-shot result before training). */
    final List<PruneReport.Explored> explored = new ArrayList<>();
    /** Records and original layer inputs of the refits while pruning gradually (captured once). */
    List<byte[]> refitRecords;
    List<java.util.Map<Integer, byte[]>> refitInputs;
    /** The one-shot compensated model on the original shapes (removed units zero), where training starts. */
    Model compensated;
    /** How the report labels the chosen model. */
    String chosenLabel;
    /** Factors on the flash and instruction budgets, below 1 after the packed model overshot an estimate. */
    final double[] tighten = {1.0, 1.0};

    boolean[] lastPlanRemoved(int space) {
        return finalPlan == null ? null : finalPlan.removed[space];
    }
}
