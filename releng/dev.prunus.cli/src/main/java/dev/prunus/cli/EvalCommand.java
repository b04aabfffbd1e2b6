package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.prunus.core.data.DataReader;
import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.Evaluation;
import dev.prunus.core.data.InputSpec;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.quantize.FloatEvaluator;
import dev.prunus.core.ir.Model;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code prunus eval MODEL --data DATA [--labels FILE] [--settings FILE] [--json]}: reads labelled data in any form
 * {@link DataReader} knows, runs the bit-exact interpreter on every sample and prints top-1 accuracy, per-class
 * accuracy and the confusion matrix.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measure top-1 accuracy on labelled data (image or WAV folders, .npy/.npz, .csv, raw records); "
                + "samples are independent (a stateful model's state is reset before each one).")
final class EvalCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "the .tflite model file")
    Path model;

    @Option(names = "--data", paramLabel = "DATA", required = true, description = "a folder DATA/<class>/*.png|jpg|"
            + "bmp|gif|wav (class order from DATA/labels.txt, else sorted), a .npy, .npz or .csv file, or raw input "
            + "records (.s8 int8, .u8 uint8 pixels)")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE", description = "labels for .npy and raw records: one class index "
            + "per line, a CSV with a label column, or a .npy")
    Path labels;

    @Option(names = "--settings", paramLabel = "FILE", description = "settings file whose \"preprocessing\" applies")
    Path settings;

    @Option(names = "--raw-type", paramLabel = "TYPE", description = "what raw records hold: int8 (the input "
            + "tensor's bytes), uint8 (pixels) or float32; default by the file's ending")
    String rawType;

    @Option(names = "--json", description = "print JSON instead of text")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Model m = InspectCommand.readModel(model);
        Preprocessing pre = preprocessing();
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress() {
            @Override
            public void begin(String task, int totalWork) {
                if (!json) {
                    err.println(task + "...");
                }
            }

            @Override
            public void worked(int work) {
            }

            @Override
            public boolean isCanceled() {
                return false;
            }
        };
        InputSpec input = InputSpec.of(m);
        // A float32 model runs in the float reference evaluator, an int8 one in the bit-exact interpreter.
        FloatEvaluator floatModel = FloatEvaluator.isFloatModel(m) ? FloatEvaluator.create(m) : null;
        Interpreter interpreter = floatModel == null ? Interpreter.create(m) : null;
        Dataset dataset = DataReader.read(data, labels, input, pre, progress);
        Evaluation e = floatModel != null
                ? Evaluation.run(i -> Evaluation.argmax(floatModel.run(dataset.real(i))[0]), dataset, progress)
                : Evaluation.run(interpreter, dataset, progress);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(toJson(dataset, e)));
        } else {
            print(out, dataset, e);
        }
        out.flush();
        return 0;
    }

    private Preprocessing preprocessing() throws IOException {
        Preprocessing pre = Preprocessing.DEFAULT;
        if (settings != null) {
            if (!Files.isRegularFile(settings)) {
                throw new CommandFailure("settings file not found: " + settings);
            }
            PrunusSettings s = SettingsIO.read(Files.readAllBytes(settings));
            if (s.preprocessing() != null) {
                pre = s.preprocessing();
            }
        }
        if (rawType != null) {
            if (!Preprocessing.RAW_TYPES.contains(rawType)) {
                throw new CommandFailure("--raw-type " + rawType + " is not known; use one of "
                        + Preprocessing.RAW_TYPES);
            }
            pre = pre.withRawType(rawType);
        }
        return pre;
    }

    private static void print(PrintWriter out, Dataset d, Evaluation e) {
        d.description().lines().forEach(l -> out.println("# " + l));
        out.println(e.top1Text());
        List<String> names = e.classNames();
        int width = 5;
        for (String n : names) {
            width = Math.max(width, n.length());
        }
        out.println("per class:");
        for (int c = 0; c < names.size(); c++) {
            int total = e.classTotal(c);
            out.printf(Locale.ROOT, "  %2d %-" + width + "s %5d/%-5d %s%n", c, names.get(c), e.confusion()[c][c], total,
                    total == 0 ? "(no samples)" : String.format(Locale.ROOT, "(%.2f%%)", 100.0 * e.confusion()[c][c]
                            / total));
        }
        out.println("confusion matrix (rows: label, columns: predicted):");
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "  %2s %-" + width + "s", "", ""));
        int cell = Math.max(4, Integer.toString(e.total()).length() + 1);
        for (int c = 0; c < names.size(); c++) {
            head.append(String.format(Locale.ROOT, "%" + cell + "d", c));
        }
        out.println(head);
        for (int r = 0; r < names.size(); r++) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "  %2d %-" + width + "s", r,
                    names.get(r)));
            for (int c = 0; c < names.size(); c++) {
                row.append(String.format(Locale.ROOT, "%" + cell + "d", e.confusion()[r][c]));
            }
            out.println(row);
        }
    }

    private JsonObject toJson(Dataset d, Evaluation e) {
        JsonObject o = new JsonObject();
        o.addProperty("model", model.toString());
        o.addProperty("data", data.toString());
        JsonArray description = new JsonArray();
        d.description().lines().forEach(description::add);
        o.add("description", description);
        JsonObject top1 = new JsonObject();
        top1.addProperty("correct", e.correct());
        top1.addProperty("total", e.total());
        top1.addProperty("percent", Math.round(e.top1Percent() * 100) / 100.0);
        o.add("top1", top1);
        JsonArray classes = new JsonArray();
        for (int c = 0; c < e.classNames().size(); c++) {
            JsonObject k = new JsonObject();
            k.addProperty("index", c);
            k.addProperty("name", e.classNames().get(c));
            k.addProperty("correct", e.confusion()[c][c]);
            k.addProperty("total", e.classTotal(c));
            if (e.classTotal(c) > 0) {
                k.addProperty("percent", Math.round(10000.0 * e.confusion()[c][c] / e.classTotal(c)) / 100.0);
            }
            classes.add(k);
        }
        o.add("classes", classes);
        JsonArray confusion = new JsonArray();
        for (int[] row : e.confusion()) {
            JsonArray r = new JsonArray();
            for (int v : row) {
                r.add(v);
            }
            confusion.add(r);
        }
        o.add("confusion", confusion);
        return o;
    }
}
