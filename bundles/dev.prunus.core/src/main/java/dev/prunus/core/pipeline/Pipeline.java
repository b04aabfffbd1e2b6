package dev.prunus.core.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;

import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.CostAnalyzer;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.analysis.ModelCost;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.tflite.TfliteReader;

/**
 * The one pipeline behind the IDE builder, the wizard preview and the command line:
 * read -> validate -> analyse -> (prune -> pack) -> emit. Outputs are returned in memory, never written here, so
 * that every front end writes the same bytes its own way (atomically, only when changed).
 */
public final class Pipeline {

    private Pipeline() {
    }

    /** Runs the pipeline; throws a {@link dev.prunus.core.PrunusException} with an actionable message on bad input. */
    public static PipelineResult run(PipelineRequest request, Progress progress) {
        progress.begin("Reading " + request.modelName(), 3);
        Model model = TfliteReader.read(request.model());
        progress.worked(1);
        progress.checkCanceled();
        // Validate once, up front: an unsupported operator is reported before any output is produced.
        Interpreter.create(model);
        progress.worked(1);
        progress.checkCanceled();

        SortedMap<String, byte[]> files = new TreeMap<>();
        List<String> summary = new ArrayList<>();
        ModelCost cost = CostAnalyzer.analyze(model.main());
        ArenaPlan plan = MemoryPlanner.plan(model.main());
        JsonObject report = new JsonObject();
        report.addProperty("model", request.modelName());
        report.addProperty("operators", model.main().operators().size());
        report.addProperty("params", cost.params());
        report.addProperty("macs", cost.macs());
        report.addProperty("flashBytes", cost.flashBytes());
        report.addProperty("indexBytes", cost.indexBytes());
        report.addProperty("arenaBytes", plan.arenaBytes());
        files.put(request.symbolName() + ".report.json", (new GsonBuilder().setPrettyPrinting().create().toJson(report)
                + "\n").getBytes(StandardCharsets.UTF_8));
        summary.add(String.format("%s: %d operators, %,d MACs, flash %,d B, arena %,d B", request.modelName(),
                model.main().operators().size(), cost.macs(), cost.flashBytes(), plan.arenaBytes()));
        progress.worked(1);
        return new PipelineResult(files, summary);
    }
}
