package dev.prunus.core.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.prunus.core.PrunusException;
import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.codegen.CodegenException;
import dev.prunus.core.interp.FloatSteps;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.outputs.OutputPaths;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.progress.SubProgress;
import dev.prunus.core.prune.PruneOptions;
import dev.prunus.core.prune.PruneReport;
import dev.prunus.core.prune.PruneResult;
import dev.prunus.core.prune.Pruner;
import dev.prunus.core.report.ReportWriter;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * The one pipeline behind the IDE builder, the wizard preview and the command line:
 * read -> validate -> prune (when the settings' method is not none) -> pack -> generate C -> report. Outputs are
 * returned in memory, never written here, so that every front end writes the same bytes its own way (atomically,
 * only when changed): {@code <name>.pruned.tflite} (when pruned), the C sources as the generator names them,
 * {@code <name>.report.json} and {@code <name>.report.html}.
 */
public final class Pipeline {

    /** Work units of the whole run as the caller's progress sees them, and the share of each step. */
    static final int TOTAL_WORK = 100;
    static final int READ_WORK = 5;
    static final int PRUNE_WORK = 75;
    static final int GENERATE_WORK = 15;

    private Pipeline() {
    }

    /**
     * Runs the pipeline. The caller's progress sees one {@code begin} of {@link #TOTAL_WORK} units; the pruner and
     * the generator report through {@link SubProgress} shares of it. Throws a {@link PrunusException} with an
     * actionable message on bad input, {@link dev.prunus.core.progress.CanceledException} when canceled.
     */
    public static PipelineResult run(PipelineRequest request, Progress progress) {
        progress.begin("Pruning and generating " + request.modelName(), TOTAL_WORK);
        Model model = TfliteReader.read(request.model());
        progress.worked(READ_WORK);
        progress.checkCanceled();
        // Validate once, up front: an unsupported operator is reported before any output is produced.
        Interpreter.create(model);
        if (FloatSteps.hasFloatFrontEnd(model.main())) {
            throw new PrunusException("the model keeps a float32 front end before its int8 part (a quantized KWT-1, "
                    + "for example); pruning such models is not supported yet. prunus generate writes its C as it is; "
                    + "prunus run and prunus eval run it");
        }
        progress.checkCanceled();
        PrunusSettings settings = request.settings();
        String core = settings.target() == null || settings.target().core() == null ? "m4" : settings.target().core();
        String symbol = request.symbolName();

        int recordSize = model.main().inputs().length == 1 ? model.main().input(0).byteSize() : 0;
        byte[] calibration = records(read(request, settings.calibration(), "calibration"), settings.calibration(),
                "calibration", recordSize);
        byte[] validation = records(read(request, settings.validation(), "validation"), settings.validation(),
                "validation", recordSize);
        byte[] labelBytes = read(request, settings.labels(), "labels");
        int[] labels = labelBytes == null ? null : PruneOptions.parseLabels(labelBytes);
        SortedMap<String, byte[]> files = new TreeMap<>();
        SubProgress pruning = new SubProgress(progress, PRUNE_WORK);
        PruneResult pr;
        if (settings.training() != null && !"none".equals(settings.method())) {
            pr = pruneWhileTraining(request, settings, model, calibration, validation, labels, files, pruning);
        } else {
            pr = Pruner.prune(model, PruneOptions.from(settings, calibration, validation, labels), pruning);
        }
        pruning.finish();
        progress.checkCanceled();

        Model out = pr.pruned();
        boolean pruned = !"none".equals(settings.method());
        if (pruned) {
            files.put(symbol + ".pruned.tflite", TfliteWriter.write(out));
        }
        PackPlan before = PackPlanner.plan(model.main(), core);
        PackPlan after = PackPlanner.plan(out.main(), core);
        String cNote = null;
        SubProgress generating = new SubProgress(progress, GENERATE_WORK);
        try {
            files.putAll(CGenerator.generate(out, symbol, after, generating));
        } catch (CodegenException e) {
            cNote = "C code not generated: " + e.getMessage();
        }
        generating.finish();
        progress.checkCanceled();
        ReportWriter.Contents contents = new ReportWriter.Contents(request.modelName(), core, pr.report(), before, after,
                cNote);
        files.put(symbol + ".report.json", ReportWriter.json(contents));
        files.put(symbol + ".report.html", ReportWriter.html(contents));
        // Every front end writes these names: none may leave the output folder, whatever the model is called.
        files.keySet().forEach(OutputPaths::requireInside);
        List<String> summary = new ArrayList<>(ReportWriter.summary(contents));
        progress.worked(TOTAL_WORK - READ_WORK - PRUNE_WORK - GENERATE_WORK);
        return new PipelineResult(files, summary);
    }

    /**
     * Prunes while training on the settings' training data, or takes the result from the training cache when its
     * key (model, settings, data) is unchanged; the cache entry joins the outputs.
     */
    private static PruneResult pruneWhileTraining(PipelineRequest request, PrunusSettings settings, Model model,
            byte[] calibration, byte[] validation, int[] labels, SortedMap<String, byte[]> files, Progress progress) {
        String key = TrainingCache.key(request, settings);
        String entryPath = TrainingCache.path(request.symbolName());
        byte[] previous = null;
        if (request.previous() != null) {
            try {
                previous = request.previous().read(entryPath);
            } catch (IOException e) {
                previous = null; // an unreadable entry only costs a retraining
            }
        }
        PruneResult cached = TrainingCache.decode(previous, key);
        if (cached != null) {
            progress.status("training result unchanged (cache " + entryPath + "): not retrained");
            files.put(entryPath, previous);
            return cached;
        }
        progress.status("reading the training data " + settings.training().data());
        TrainingInput in = TrainingInput.read(request, settings.training(), settings.preprocessing(), model, progress);
        progress.checkCanceled();
        // Records named in the settings win; the training data supplies what they leave out.
        byte[] cal = calibration != null ? calibration : in.calibration();
        byte[] val = validation != null ? validation : in.validation();
        int[] lab = validation != null ? labels : in.validationLabels();
        PruneOptions options = PruneOptions.from(settings, cal, val, lab);
        PruneResult pr = Pruner.prune(model, options, in.run(), progress);
        java.util.List<String> notes = new ArrayList<>(pr.report().notes());
        notes.add(in.description());
        PruneReport r = pr.report();
        pr = new PruneResult(pr.pruned(), new PruneReport(r.method(), r.criterion(), r.allocation(), r.layers(),
                r.before(), r.after(), r.fidelity(), notes, r.explored(), r.training()));
        files.put(entryPath, TrainingCache.encode(key, pr));
        return pr;
    }

    /** Checks that a records file holds whole input records, naming the file when it does not. */
    private static byte[] records(byte[] data, String path, String what, int recordSize) {
        if (data != null && recordSize > 0 && (data.length == 0 || data.length % recordSize != 0)) {
            throw new PrunusException(String.format(java.util.Locale.ROOT,
                    "the %s file '%s' has %,d bytes, which is not a whole number of %,d-byte input records of this "
                            + "model (raw int8 input tensors, concatenated)", what, path, data.length, recordSize));
        }
        return data;
    }

    private static byte[] read(PipelineRequest request, String path, String what) {
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            return request.files().read(path);
        } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
            throw new PrunusException("the " + what + " file '" + path + "' named in the settings does not exist ("
                    + e.getMessage() + "); paths are relative to the settings file: fix \"" + what + "\" or remove it",
                    e);
        } catch (IOException e) {
            throw new PrunusException("cannot read the " + what + " file '" + path + "' named in the settings: "
                    + e.getMessage(), e);
        }
    }
}
