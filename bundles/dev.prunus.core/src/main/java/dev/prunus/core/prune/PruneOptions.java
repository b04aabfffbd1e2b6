package dev.prunus.core.prune;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import dev.prunus.core.settings.PrunusSettings;

/**
 * What to prune and under which limits.
 *
 * @param method          none, auto, filterlet, channel, block or unstructured
 * @param ratio           without a budget: the fraction of prunable units to remove (uniformly, or for method auto
 *                        the fraction of prunable weights, spread by sensitivity); with a budget: the least
 *                        fraction of prunable weights to remove besides meeting the budget; or null
 * @param flashBytes      flash budget (bytes of weights, index, bias, requantization data and other constants), or null
 * @param ramBytes        activation RAM budget in bytes, or null
 * @param instructions    executed instructions per inference on {@code core}, or null
 * @param maxLossPercent  largest allowed fidelity loss in percentage points of top-1 agreement with the original on
 *                        the calibration records, or null
 * @param layers          per-operator overrides (method "dense" leaves a layer alone; a ratio fixes its ratio)
 * @param core            m4 or m7 (cost model)
 * @param calibration     raw input records to choose and compensate what is pruned, or null
 * @param validation      raw input records to measure fidelity, or null (then the calibration records are used)
 * @param labels          one class index per validation record, or null
 * @param fineTune        distillation fine-tuning after compensation, or null for compensation only
 */
public record PruneOptions(String method, Double ratio, Long flashBytes, Long ramBytes, Long instructions,
        Double maxLossPercent, Map<Integer, PrunusSettings.LayerOverride> layers, String core, byte[] calibration,
        byte[] validation, int[] labels, PrunusSettings.FineTune fineTune) {

    public PruneOptions {
        Objects.requireNonNull(method, "method");
        layers = layers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(layers));
        core = core == null ? "m4" : core;
        if (!PrunusSettings.METHODS.contains(method)) {
            throw new PruneException("method \"" + method + "\" is not known; use one of " + PrunusSettings.METHODS);
        }
        if (ratio != null && (ratio < 0 || ratio > 0.95)) {
            throw new PruneException("ratio " + ratio + " is outside [0, 0.95]");
        }
        if (!"m4".equals(core) && !"m7".equals(core)) {
            throw new PruneException("core \"" + core + "\" is not known; use m4 or m7");
        }
    }

    /** Options from a settings file plus the bytes of the files it names. */
    public static PruneOptions from(PrunusSettings s, byte[] calibration, byte[] validation, int[] labels) {
        PrunusSettings.Budget b = s.budget();
        return new PruneOptions(s.method(), s.ratio(), b == null ? null : b.flashBytes(),
                b == null ? null : b.ramBytes(), b == null ? null : b.instructions(),
                b == null ? null : b.maxLossPercent(), s.layers(), s.target() == null ? "m4" : s.target().core(),
                calibration, validation, labels, s.fineTune());
    }

    /** A uniform-ratio run of one method, without budget. */
    public static PruneOptions uniform(String method, double ratio, byte[] calibration, byte[] validation,
            int[] labels) {
        return new PruneOptions(method, ratio, null, null, null, null, Map.of(), "m4", calibration, validation, labels,
                null);
    }

    /** A copy that fine-tunes with {@code f} (null: compensation only). */
    public PruneOptions withFineTune(PrunusSettings.FineTune f) {
        return new PruneOptions(method, ratio, flashBytes, ramBytes, instructions, maxLossPercent, layers, core,
                calibration, validation, labels, f);
    }

    /** Whether any size or speed budget is set. */
    public boolean hasBudget() {
        return flashBytes != null || ramBytes != null || instructions != null;
    }

    /** Parses a labels file: one class index per line, in record order (blank lines ignored). */
    public static int[] parseLabels(byte[] bytes) {
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int line = 0;
        for (String l : text.split("\r?\n")) {
            line++;
            String v = l.strip();
            if (v.isEmpty()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw new PruneException("labels line " + line + ": \"" + v + "\" is not a class index");
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
