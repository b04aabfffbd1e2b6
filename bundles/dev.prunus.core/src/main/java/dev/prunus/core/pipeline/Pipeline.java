package dev.prunus.core.pipeline;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import dev.prunus.core.PrunusException;
import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.codegen.CodegenException;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.prune.PruneOptions;
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

    private Pipeline() {
    }

    /** Runs the pipeline; throws a {@link dev.prunus.core.PrunusException} with an actionable message on bad input. */
    public static PipelineResult run(PipelineRequest request, Progress progress) {
        progress.begin("Reading " + request.modelName(), 4);
        Model model = TfliteReader.read(request.model());
        progress.worked(1);
        progress.checkCanceled();
        // Validate once, up front: an unsupported operator is reported before any output is produced.
        Interpreter.create(model);
        progress.checkCanceled();
        PrunusSettings settings = request.settings();
        String core = settings.target() == null || settings.target().core() == null ? "m4" : settings.target().core();
        String symbol = request.symbolName();

        byte[] calibration = read(request, settings.calibration(), "calibration");
        byte[] validation = read(request, settings.validation(), "validation");
        byte[] labelBytes = read(request, settings.labels(), "labels");
        int[] labels = labelBytes == null ? null : PruneOptions.parseLabels(labelBytes);
        PruneOptions options = PruneOptions.from(settings, calibration, validation, labels);
        PruneResult pr = Pruner.prune(model, options, progress);
        progress.worked(1);
        progress.checkCanceled();

        SortedMap<String, byte[]> files = new TreeMap<>();
        Model out = pr.pruned();
        boolean pruned = !"none".equals(settings.method());
        if (pruned) {
            files.put(symbol + ".pruned.tflite", TfliteWriter.write(out));
        }
        PackPlan before = PackPlanner.plan(model.main(), core);
        PackPlan after = PackPlanner.plan(out.main(), core);
        String cNote = null;
        try {
            files.putAll(CGenerator.generate(out, symbol, after, progress));
        } catch (CodegenException e) {
            cNote = "C code not generated: " + e.getMessage();
        }
        progress.worked(1);
        progress.checkCanceled();
        ReportWriter.Contents contents = new ReportWriter.Contents(request.modelName(), core, pr.report(), before, after,
                cNote);
        files.put(symbol + ".report.json", ReportWriter.json(contents));
        files.put(symbol + ".report.html", ReportWriter.html(contents));
        List<String> summary = new ArrayList<>(ReportWriter.summary(contents));
        progress.worked(1);
        return new PipelineResult(files, summary);
    }

    private static byte[] read(PipelineRequest request, String path, String what) {
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            return request.files().read(path);
        } catch (IOException e) {
            throw new PrunusException("cannot read the " + what + " file '" + path + "' named in the settings: "
                    + e.getMessage(), e);
        }
    }
}
