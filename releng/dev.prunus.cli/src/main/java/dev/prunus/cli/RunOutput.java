package dev.prunus.cli;

import java.io.PrintWriter;
import java.util.List;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * What {@code prunus run} prints for int8 and float models alike: a line {@code <index> argmax=<k> out=<v0>,...}
 * per record, or with {@code --json} one array of {@code {"index", "argmax", "out"}} objects at the end.
 */
final class RunOutput {

    private final boolean json;
    private final PrintWriter out;
    private final JsonArray array = new JsonArray();

    RunOutput(boolean json, PrintWriter out) {
        this.json = json;
        this.out = out;
    }

    /** One record's result: output 0's values (raw integers, or floats) and the index of the first largest. */
    void record(int index, int argmax, List<? extends Number> values) {
        if (json) {
            JsonObject o = new JsonObject();
            o.addProperty("index", index);
            o.addProperty("argmax", argmax);
            JsonArray v = new JsonArray();
            values.forEach(v::add);
            o.add("out", v);
            array.add(o);
        } else {
            StringBuilder line = new StringBuilder().append(index).append(" argmax=").append(argmax).append(" out=");
            for (int i = 0; i < values.size(); i++) {
                line.append(i == 0 ? "" : ",").append(values.get(i));
            }
            out.println(line);
        }
    }

    /** Prints the JSON array when asked for one; the command's exit code. */
    int finish() {
        if (json) {
            out.println(array);
        }
        out.flush();
        return 0;
    }
}
