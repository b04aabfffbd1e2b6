package dev.prunus.core.settings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.outputs.OutputPaths;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

/**
 * Reads and writes {@code .prunus.json} settings files. Reading validates everything up front and reports the
 * first problem with the line it is on; writing gives the same bytes for the same settings (fixed key order, no
 * nulls, LF line ends, final newline), so the file is stable in version control.
 */
public final class SettingsIO {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Pattern GSON_LINE = Pattern.compile("line (\\d+)");

    private static final Set<String> TOP = Set.of("schema", "model", "target", "budget", "method", "ratio", "layers",
            "calibration", "validation", "labels", "output", "fineTune", "preprocessing", "training");
    private static final Set<String> PREPROCESSING = Set.of("scale", "offset", "mean", "std", "channels", "rawType",
            "npzInputs", "npzLabels");
    private static final Set<String> TRAINING = Set.of("data", "labels", "validation", "validationSplit", "epochs",
            "batchSize", "optimizer", "learningRate", "augmentation", "seed", "threads", "schedule");
    private static final Set<String> AUGMENTATION = Set.of("crop", "padding", "flip");
    private static final Set<String> FINE_TUNE = Set.of("epochs", "learningRate", "seed");
    private static final Set<String> TARGET = Set.of("core", "flashBytes", "ramBytes", "clockHz");
    private static final Set<String> BUDGET = Set.of("flashBytes", "ramBytes", "instructions", "maxLossPercent");
    private static final Set<String> LAYER = Set.of("method", "ratio");
    private static final List<String> CORES = List.of("m4", "m7");

    private SettingsIO() {
    }

    /** Parses and validates settings; every problem is a {@link SettingsException} naming the line. */
    public static PrunusSettings read(byte[] bytes) {
        return read(new String(bytes, StandardCharsets.UTF_8));
    }

    /** Parses and validates settings text. */
    public static PrunusSettings read(String text) {
        return read(text, -1);
    }

    /**
     * Parses and validates settings of a file {@code depth} folders below the root its files must stay in (the
     * project, in the IDE): a model or data path whose {@code ..} segments climb above that root is an error at
     * its value. A negative depth (the command line) sets no root.
     */
    public static PrunusSettings read(byte[] bytes, int depth) {
        return read(new String(bytes, StandardCharsets.UTF_8), depth);
    }

    /** Parses and validates settings text of a file {@code depth} folders below its root (see above). */
    public static PrunusSettings read(String text, int depth) {
        // Strict syntax first: Gson's parser is lenient (comments, single quotes, NaN) and reports its own terms.
        JsonSyntax.Scan scan = JsonSyntax.scan(text);
        if (scan.error() != null) {
            JsonSyntax.Error syntax = scan.error();
            throw new SettingsException("not valid JSON: " + syntax.message(), syntax.line(), syntax.column(), null);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new SettingsException("not valid JSON (" + rootMessage(e) + "); fix the syntax, e.g. a missing comma or quote",
                    gsonLine(e), e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new SettingsException("a settings file holds one JSON object { ... }", JsonSyntax.Position.START);
        }
        Lines lines = new Lines(scan.layout());
        JsonObject o = root.getAsJsonObject();
        checkKeys(o, TOP, null, lines);

        int schema = (int) integer(o, "schema", null, lines, 1, Integer.MAX_VALUE, true);
        if (schema != PrunusSettings.SCHEMA) {
            throw new SettingsException("settings schema " + schema + " is not supported; this Prunus reads schema "
                    + PrunusSettings.SCHEMA + " (update Prunus, or set \"schema\": 1)", lines.of(null, "schema"));
        }
        String model = path(o, "model", lines, true, false, depth);

        PrunusSettings.Target target = null;
        if (o.has("target")) {
            JsonObject t = object(o, "target", lines);
            checkKeys(t, TARGET, "target", lines);
            String core = t.has("core") ? string(t, "core", "target", lines, true) : "m4";
            if (!CORES.contains(core)) {
                throw new SettingsException("target core \"" + core + "\" is not supported; use one of " + CORES,
                        lines.of("target", "core"));
            }
            target = new PrunusSettings.Target(core, optLong(t, "flashBytes", "target", lines),
                    optLong(t, "ramBytes", "target", lines), optLong(t, "clockHz", "target", lines));
        }
        PrunusSettings.Budget budget = null;
        if (o.has("budget")) {
            JsonObject b = object(o, "budget", lines);
            checkKeys(b, BUDGET, "budget", lines);
            budget = new PrunusSettings.Budget(optLong(b, "flashBytes", "budget", lines),
                    optLong(b, "ramBytes", "budget", lines), optLong(b, "instructions", "budget", lines),
                    optDouble(b, "maxLossPercent", "budget", lines, 0, 100));
        }
        String method = o.has("method") ? method(o, null, lines) : "auto";
        Double ratio = optDouble(o, "ratio", null, lines, 0, 1);

        Map<Integer, PrunusSettings.LayerOverride> layers = new TreeMap<>();
        if (o.has("layers")) {
            JsonObject l = object(o, "layers", lines);
            for (Map.Entry<String, JsonElement> e : l.entrySet()) {
                int index;
                try {
                    index = Integer.parseInt(e.getKey());
                } catch (NumberFormatException ex) {
                    index = -1;
                }
                if (index < 0) {
                    throw new SettingsException("layer key \"" + e.getKey()
                            + "\" must be an operator index (0, 1, ...) as `prunus inspect` lists them",
                            lines.key("layers", e.getKey()));
                }
                if (!e.getValue().isJsonObject()) {
                    throw new SettingsException("layer " + index + " must be an object like {\"method\": \"dense\"}",
                            lines.of("layers", e.getKey()));
                }
                JsonObject lo = e.getValue().getAsJsonObject();
                checkKeys(lo, LAYER, e.getKey(), lines);
                String lm = lo.has("method") ? method(lo, e.getKey(), lines) : null;
                layers.put(index, new PrunusSettings.LayerOverride(lm, optDouble(lo, "ratio", e.getKey(), lines, 0, 1)));
            }
        }
        PrunusSettings.FineTune fineTune = null;
        if (o.has("fineTune")) {
            JsonObject f = object(o, "fineTune", lines);
            checkKeys(f, FINE_TUNE, "fineTune", lines);
            Integer epochs = f.has("epochs") ? (int) integer(f, "epochs", "fineTune", lines, 1, 10_000, true) : null;
            Double rate = optDouble(f, "learningRate", "fineTune", lines, 0, 1);
            if (rate != null && rate == 0) {
                throw new SettingsException("fineTune learningRate must be above 0 (remove \"fineTune\" to skip "
                        + "fine-tuning)", lines.of("fineTune", "learningRate"));
            }
            Long seed = f.has("seed") ? integer(f, "seed", "fineTune", lines, 0, Long.MAX_VALUE / 2, true) : null;
            fineTune = new PrunusSettings.FineTune(epochs, rate, seed);
        }
        Preprocessing preprocessing = o.has("preprocessing") ? preprocessing(object(o, "preprocessing", lines), lines)
                : null;
        PrunusSettings.Training training = o.has("training")
                ? training(object(o, "training", lines), lines, depth) : null;
        return new PrunusSettings(schema, model, target, budget, method, ratio, layers,
                path(o, "calibration", lines, false, false, depth),
                path(o, "validation", lines, false, false, depth), path(o, "labels", lines, false, false, depth),
                path(o, "output", lines, false, true, depth), fineTune, preprocessing, training);
    }

    private static PrunusSettings.Training training(JsonObject t, Lines lines, int depth) {
        String parent = "training";
        checkKeys(t, TRAINING, parent, lines);
        String data = inside(string(t, "data", parent, lines, true), parent, "data", lines, depth);
        Double split = optDouble(t, "validationSplit", parent, lines, 0, 0.9);
        Integer epochs = t.has("epochs") ? (int) integer(t, "epochs", parent, lines, 1, 10_000, false) : null;
        Integer batch = t.has("batchSize") ? (int) integer(t, "batchSize", parent, lines, 1, 65_536, false) : null;
        String optimizer = oneOf(t, "optimizer", PrunusSettings.Training.OPTIMIZERS, parent, lines);
        Double rate = optDouble(t, "learningRate", parent, lines, 0, 10);
        if (rate != null && rate == 0) {
            throw new SettingsException("training learningRate must be above 0, e.g. 0.001 for adam",
                    lines.of(parent, "learningRate"));
        }
        PrunusSettings.Augmentation augmentation = null;
        if (t.has("augmentation")) {
            JsonElement e = t.get("augmentation");
            if (!e.isJsonObject()) {
                throw new SettingsException("\"augmentation\" must be an object like {\"crop\": true, \"padding\": 4, "
                        + "\"flip\": false}", lines.of(parent, "augmentation"));
            }
            JsonObject a = e.getAsJsonObject();
            checkKeys(a, AUGMENTATION, "augmentation", lines);
            Integer padding = a.has("padding") ? (int) integer(a, "padding", "augmentation", lines, 0, 64, false)
                    : null;
            augmentation = new PrunusSettings.Augmentation(bool(a, "crop", "augmentation", lines), padding,
                    bool(a, "flip", "augmentation", lines));
        }
        Long seed = t.has("seed") ? integer(t, "seed", parent, lines, 0, Long.MAX_VALUE / 2, false) : null;
        Integer threads = t.has("threads") ? (int) integer(t, "threads", parent, lines, 0, 1024, false) : null;
        String validation = inside(string(t, "validation", parent, lines, false), parent, "validation", lines,
                depth);
        if (validation != null && split != null) {
            throw new SettingsException("give either \"validation\" (a data path) or \"validationSplit\" (a fraction "
                    + "of the training data), not both", lines.of(parent, "validationSplit"));
        }
        return new PrunusSettings.Training(data,
                inside(string(t, "labels", parent, lines, false), parent, "labels", lines, depth), validation, split,
                epochs, batch, optimizer, rate, augmentation, seed, threads,
                oneOf(t, "schedule", PrunusSettings.Training.SCHEDULES, parent, lines));
    }

    private static Boolean bool(JsonObject o, String key, String parent, Lines lines) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isBoolean()) {
            throw new SettingsException("\"" + key + "\" must be true or false", lines.of(parent, key));
        }
        return p.getAsBoolean();
    }

    private static Preprocessing preprocessing(JsonObject p, Lines lines) {
        String parent = "preprocessing";
        checkKeys(p, PREPROCESSING, parent, lines);
        Double scale = optDouble(p, "scale", parent, lines, -Double.MAX_VALUE, Double.MAX_VALUE);
        if (scale != null && scale == 0) {
            throw new SettingsException("preprocessing scale must not be 0", lines.of(parent, "scale"));
        }
        Double offset = optDouble(p, "offset", parent, lines, -Double.MAX_VALUE, Double.MAX_VALUE);
        List<Double> mean = numbers(p, "mean", parent, lines, false);
        List<Double> std = numbers(p, "std", parent, lines, true);
        String channels = oneOf(p, "channels", Preprocessing.CHANNELS, parent, lines);
        String rawType = oneOf(p, "rawType", Preprocessing.RAW_TYPES, parent, lines);
        return new Preprocessing(scale, offset, mean, std, channels, rawType, string(p, "npzInputs", parent, lines,
                false), string(p, "npzLabels", parent, lines, false));
    }

    /** One number or an array of numbers (one per channel). */
    private static List<Double> numbers(JsonObject o, String key, String parent, Lines lines, boolean positive) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        List<JsonElement> items = new java.util.ArrayList<>();
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(items::add);
        } else {
            items.add(e);
        }
        List<Double> values = new java.util.ArrayList<>();
        for (JsonElement item : items) {
            if (!(item instanceof JsonPrimitive n) || !n.isNumber() || (positive && n.getAsDouble() <= 0)) {
                throw new SettingsException("\"" + key + "\" must be a number or an array of numbers, one per channel"
                        + (positive ? ", each above 0" : "") + ", e.g. [0.485, 0.456, 0.406]", lines.of(parent, key));
            }
            values.add(n.getAsDouble());
        }
        if (values.isEmpty()) {
            throw new SettingsException("\"" + key + "\" must not be empty; remove it to use the default",
                    lines.of(parent, key));
        }
        return values;
    }

    private static String oneOf(JsonObject o, String key, List<String> allowed, String parent, Lines lines) {
        String v = string(o, key, parent, lines, false);
        if (v != null && !allowed.contains(v)) {
            throw new SettingsException("\"" + key + "\" \"" + v + "\" is not known; use one of " + allowed,
                    lines.of(parent, key));
        }
        return v;
    }

    /** Serialises settings deterministically (UTF-8, LF, trailing newline). */
    public static byte[] write(PrunusSettings settings) {
        JsonObject o = GSON.toJsonTree(settings).getAsJsonObject();
        return (GSON.toJson(o) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static void checkKeys(JsonObject o, Set<String> known, String parent, Lines lines) {
        for (String key : o.keySet()) {
            if (!known.contains(key)) {
                throw new SettingsException("unknown setting \"" + key + "\"" + (parent == null ? "" : " in " + parent)
                        + "; known settings there: " + new java.util.TreeSet<>(known), lines.key(parent, key));
            }
        }
    }

    private static JsonObject object(JsonObject o, String key, Lines lines) {
        JsonElement e = o.get(key);
        if (!e.isJsonObject()) {
            throw new SettingsException("\"" + key + "\" must be an object { ... }", lines.of(null, key));
        }
        return e.getAsJsonObject();
    }

    private static String method(JsonObject o, String parent, Lines lines) {
        String m = string(o, "method", parent, lines, true);
        if (!PrunusSettings.METHODS.contains(m) && !("dense".equals(m) && parent != null)) {
            throw new SettingsException("method \"" + m + "\" is not known; use one of " + PrunusSettings.METHODS
                    + (parent != null ? " or dense" : ""), lines.of(parent, "method"));
        }
        return m;
    }

    private static String string(JsonObject o, String key, String parent, Lines lines, boolean required) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new SettingsException("missing \"" + key + "\"" + (parent == null ? "" : " in " + parent),
                        lines.object(parent));
            }
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isString() || p.getAsString().isBlank()) {
            throw new SettingsException("\"" + key + "\" must be a non-empty string", lines.of(parent, key));
        }
        return p.getAsString();
    }

    /**
     * A top-level path: relative to the settings file; the output folder also stays inside the folder it is
     * relative to, so a build never writes elsewhere.
     */
    private static String path(JsonObject o, String key, Lines lines, boolean required, boolean written,
            int depth) {
        String v = string(o, key, null, lines, required);
        if (v == null) {
            return null;
        }
        String problem = written ? OutputPaths.insideProblem(v) : OutputPaths.relativeProblem(v);
        if (problem != null) {
            throw new SettingsException("\"" + key + "\" \"" + v + "\" " + problem, lines.of(null, key));
        }
        return inside(v, null, key, lines, depth);
    }

    /** A path read relative to the settings file, refused when it climbs above the root {@code depth} sets. */
    private static String inside(String v, String parent, String key, Lines lines, int depth) {
        if (v != null && depth >= 0) {
            String problem = OutputPaths.escapeProblem(v, depth);
            if (problem != null) {
                throw new SettingsException((parent == null ? "" : parent + " ") + "\"" + key + "\" \"" + v + "\" "
                        + problem, lines.of(parent, key));
            }
        }
        return v;
    }

    private static long integer(JsonObject o, String key, String parent, Lines lines, long min, long max,
            boolean required) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new SettingsException("missing \"" + key + "\"" + (parent == null ? "" : " in " + parent),
                        lines.object(parent));
            }
            return -1;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
            throw new SettingsException("\"" + key + "\" must be a whole number", lines.of(parent, key));
        }
        double v = p.getAsDouble();
        if (v != Math.rint(v) || v < min || v > max) {
            throw new SettingsException("\"" + key + "\" must be a whole number from " + min + " to " + max
                    + ", not " + p.getAsString(), lines.of(parent, key));
        }
        return (long) v;
    }

    private static Long optLong(JsonObject o, String key, String parent, Lines lines) {
        if (!o.has(key) || o.get(key).isJsonNull()) {
            return null;
        }
        return integer(o, key, parent, lines, 1, Long.MAX_VALUE / 2, false);
    }

    private static Double optDouble(JsonObject o, String key, String parent, Lines lines, double min, double max) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!(e instanceof JsonPrimitive p) || !p.isNumber() || p.getAsDouble() < min || p.getAsDouble() > max
                || Double.isNaN(p.getAsDouble())) {
            throw new SettingsException("\"" + key + "\" must be a number from " + min + " to " + max,
                    lines.of(parent, key));
        }
        return p.getAsDouble();
    }

    private static int gsonLine(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            Matcher m = GSON_LINE.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        return 0;
    }

    private static String rootMessage(Exception e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()).replaceAll("\\s*See https?://\\S+", "");
    }

    /**
     * Where a key or value is in the original text, from the syntax scan: {@code parent} is the name of the
     * enclosing object ({@code "budget"}, a layer's index) or null for the top level.
     */
    private static final class Lines {
        private final JsonSyntax.Layout layout;

        Lines(JsonSyntax.Layout layout) {
            this.layout = layout;
        }

        /** The value of a key (where a wrong value is). */
        JsonSyntax.Position of(String parent, String key) {
            return find(layout.values(), parent, key);
        }

        /** The key itself (where an unknown key is). */
        JsonSyntax.Position key(String parent, String key) {
            return find(layout.keys(), parent, key);
        }

        /** The object a missing key belongs in: the parent's value, or the start of the file. */
        JsonSyntax.Position object(String parent) {
            return parent == null ? layout.values().getOrDefault("", JsonSyntax.Position.START)
                    : find(layout.values(), null, parent);
        }

        private JsonSyntax.Position find(Map<String, JsonSyntax.Position> positions, String parent, String key) {
            if (parent == null) {
                return positions.getOrDefault(key, JsonSyntax.Position.START);
            }
            String suffix = parent + "/" + key;
            for (Map.Entry<String, JsonSyntax.Position> e : positions.entrySet()) {
                if (e.getKey().equals(suffix) || e.getKey().endsWith("/" + suffix)) {
                    return e.getValue();
                }
            }
            return object(parent);
        }
    }
}
