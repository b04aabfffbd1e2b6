package dev.prunus.core.interp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.tflite.TfliteReader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The interpreter against TFLite Micro's reference kernels: every record of every golden set in
 * ../shared/samples must match value by value (1,723 records in all). On a mismatch the message names the record,
 * the first differing output value and a per-operator dump of that record (operator, output statistics) to
 * compare with a TFLM run. The golden runs reset the variable tensors before every record, so this test does too.
 */
class GoldenOutputsTest {

    static Stream<Arguments> sets() {
        List<Arguments> args = new ArrayList<>();
        for (String[] s : GoldenSet.ALL) {
            args.add(Arguments.of(s[0], s[1], s[2], null, Integer.parseInt(s[3])));
        }
        args.add(Arguments.of("tflm", "person_detect", "person_detect", "person_detect_qdim0", 2));
        return args.stream();
    }

    @ParameterizedTest(name = "{1}/{2} {3}")
    @MethodSource("sets")
    void matchesTflmBitForBit(String dir, String model, String set, String alias, int readmeCorrect)
            throws IOException {
        GoldenSet g = GoldenSet.load(dir, model, set, alias);
        Model m = TfliteReader.read(g.modelFile());
        Interpreter interp = Interpreter.create(m);
        int recordSize = interp.inputByteSize(0);
        assertEquals(g.records().size() * recordSize, g.inputs().length,
                "input file size must be records x input tensor bytes");
        int correct = 0;
        int labelled = 0;
        for (int r = 0; r < g.records().size(); r++) {
            byte[] in = Arrays.copyOfRange(g.inputs(), r * recordSize, (r + 1) * recordSize);
            // the golden runs reset the state before every record (samples/README.md)
            interp.reset();
            byte[] out = interp.run(in);
            GoldenSet.Golden want = g.records().get(r);
            if (!Arrays.equals(want.out(), out)) {
                fail(describeMismatch(g, r, want, out, interp, in));
            }
            if (want.label() >= 0) {
                labelled++;
                if (Interpreter.argmax(out) == want.label()) {
                    correct++;
                }
            }
            assertEquals(want.argmax(), Interpreter.argmax(out), "argmax of record " + r);
        }
        // accuracy equals the figure recorded with the golden set (its summary line)
        int expectedCorrect = (int) g.records().stream().filter(x -> x.label() >= 0 && x.argmax() == x.label()).count();
        assertEquals(expectedCorrect, correct, "argmax == label count over " + labelled + " labelled records");
        if (readmeCorrect >= 0) {
            assertEquals(readmeCorrect, correct, "accuracy recorded in ../shared/models/README.md");
        }
    }


    private static String describeMismatch(GoldenSet g, int r, GoldenSet.Golden want, byte[] out, Interpreter interp,
            byte[] in) {
        int i = 0;
        while (i < out.length && i < want.out().length && out[i] == want.out()[i]) {
            i++;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(g.model()).append('/').append(g.set()).append(" record ").append(r).append(" (")
                .append(want.path()).append("): first difference at output ").append(i).append(": TFLM ")
                .append(i < want.out().length ? want.out()[i] : "-").append(", interpreter ")
                .append(i < out.length ? out[i] : "-").append("\nTFLM        ").append(Arrays.toString(want.out()))
                .append("\ninterpreter ").append(Arrays.toString(out)).append("\nper-operator outputs:\n");
        interp.reset();
        interp.run(new byte[][] {in}, (Operator op, int tensor, byte[] bytes) -> {
            long sum = 0;
            int min = Integer.MAX_VALUE;
            int max = Integer.MIN_VALUE;
            for (byte b : bytes) {
                sum += b;
                min = Math.min(min, b);
                max = Math.max(max, b);
            }
            sb.append("  op ").append(op.index()).append(' ').append(op.displayName()).append(" -> tensor ")
                    .append(tensor).append(": ").append(bytes.length).append(" bytes, byte min ").append(min)
                    .append(" max ").append(max).append(" sum ").append(sum).append('\n');
        });
        return sb.toString();
    }
}
