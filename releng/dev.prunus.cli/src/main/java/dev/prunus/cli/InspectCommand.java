package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.CostAnalyzer;
import dev.prunus.core.analysis.MemoryPlanner;
import dev.prunus.core.analysis.ModelCost;
import dev.prunus.core.analysis.OperatorCost;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.tflite.TfliteReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code prunus inspect MODEL [--json]}: operators, shapes, parameters, MACs, flash and arena bytes. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Print a model's operators, tensor shapes, parameters, MACs, flash bytes and planned arena bytes.")
final class InspectCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "the .tflite model file")
    Path model;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Model m = readModel(model);
        Graph g = m.main();
        ModelCost cost = CostAnalyzer.analyze(g);
        ArenaPlan plan = MemoryPlanner.plan(g);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(toJson(g, cost, plan)));
        } else {
            printTable(out, g, cost, plan);
        }
        out.flush();
        return 0;
    }

    static Model readModel(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure("model file not found: " + file);
        }
        return TfliteReader.read(file);
    }

    private static void printTable(PrintWriter out, Graph g, ModelCost cost, ArenaPlan plan) {
        out.printf("%-4s %-28s %-22s %-22s %10s %12s %10s%n", "#", "operator", "output", "weights", "params", "MACs",
                "flash B");
        for (OperatorCost c : cost.operators()) {
            Operator op = g.operators().get(c.operatorIndex());
            out.printf("%-4d %-28s %-22s %-22s %,10d %,12d %,10d%n", c.operatorIndex(), op.type().name(),
                    shape(g, op.outputs().length > 0 ? op.outputs()[0] : -1), shape(g, weightsOf(g, op)), c.params(),
                    c.macs(), c.flashBytes());
        }
        out.printf("inputs: %s  outputs: %s%n", shapes(g, g.inputs()), shapes(g, g.outputs()));
        out.printf("operators %d, params %,d, MACs %,d, flash %,d B (index %,d B), arena %,d B (scratch %,d B, "
                + "persistent %,d B)%n", g.operators().size(), cost.params(), cost.macs(), cost.flashBytes(),
                cost.indexBytes(), plan.arenaBytes(), plan.scratchBytes(), plan.persistentBytes());
    }

    private static JsonObject toJson(Graph g, ModelCost cost, ArenaPlan plan) {
        JsonObject root = new JsonObject();
        JsonArray ops = new JsonArray();
        for (OperatorCost c : cost.operators()) {
            Operator op = g.operators().get(c.operatorIndex());
            JsonObject o = new JsonObject();
            o.addProperty("index", c.operatorIndex());
            o.addProperty("op", op.type().name());
            o.add("output", shapeJson(g, op.outputs().length > 0 ? op.outputs()[0] : -1));
            o.add("weights", shapeJson(g, weightsOf(g, op)));
            o.addProperty("params", c.params());
            o.addProperty("macs", c.macs());
            o.addProperty("flashBytes", c.flashBytes());
            o.addProperty("indexBytes", c.indexBytes());
            ops.add(o);
        }
        root.add("operators", ops);
        root.add("inputs", tensorsJson(g, g.inputs()));
        root.add("outputs", tensorsJson(g, g.outputs()));
        root.addProperty("params", cost.params());
        root.addProperty("macs", cost.macs());
        root.addProperty("flashBytes", cost.flashBytes());
        root.addProperty("indexBytes", cost.indexBytes());
        root.addProperty("arenaBytes", plan.arenaBytes());
        root.addProperty("scratchBytes", plan.scratchBytes());
        // variable tensors (state kept between invocations), included in arenaBytes
        root.addProperty("persistentBytes", plan.persistentBytes());
        return root;
    }

    private static int weightsOf(Graph g, Operator op) {
        return Arrays.stream(op.inputs()).filter(i -> i >= 0 && g.tensor(i).isConstant()).findFirst().orElse(-1);
    }

    private static String shape(Graph g, int tensor) {
        return tensor < 0 ? "-" : g.tensor(tensor).type().name().toLowerCase() + Arrays.toString(g.tensor(tensor).shape());
    }

    private static String shapes(Graph g, int[] tensors) {
        return String.join(", ", Arrays.stream(tensors).mapToObj(t -> shape(g, t)).toList());
    }

    private static JsonArray shapeJson(Graph g, int tensor) {
        JsonArray a = new JsonArray();
        if (tensor >= 0) {
            for (int d : g.tensor(tensor).shape()) {
                a.add(d);
            }
        }
        return a;
    }

    private static JsonArray tensorsJson(Graph g, int[] tensors) {
        JsonArray a = new JsonArray();
        for (int i : tensors) {
            Tensor t = g.tensor(i);
            JsonObject o = new JsonObject();
            o.addProperty("name", t.name());
            o.addProperty("type", t.type().name());
            o.add("shape", shapeJson(g, i));
            if (t.quantization().scales().length > 0) {
                o.addProperty("scale", t.quantization().scale(0));
                o.addProperty("zeroPoint", t.quantization().zeroPoint(0));
            }
            a.add(o);
        }
        return a;
    }
}
