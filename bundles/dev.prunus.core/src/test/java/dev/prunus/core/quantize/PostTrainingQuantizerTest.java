package dev.prunus.core.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.demo.DemoModel;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;

class PostTrainingQuantizerTest {

    private static final Model CNN = TinyFloatModels.cnn(7);
    private static final List<float[]> CNN_SAMPLES = TinyFloatModels.samples(CNN, 40, 1, -1f, 1f);

    private static PostTrainingQuantizer.Result quantize(Model m, List<float[]> samples, QuantizeOptions o) {
        return PostTrainingQuantizer.quantize(m, CalibrationSource.ofSingleInput(samples), o);
    }

    private static Operator first(Graph g, OpType type) {
        return g.operators().stream().filter(o -> o.type() == type).findFirst().orElseThrow();
    }

    private static Tensor in(Graph g, Operator op, int i) {
        return g.tensor(op.inputIndex(i));
    }

    private static Tensor out(Graph g, Operator op) {
        return g.tensor(op.outputIndex(0));
    }

    @Test
    void weightsArePerChannelSymmetricAlongEachOperatorsChannelAxis() {
        Graph q = quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults()).model().main();
        Graph f = CNN.main();
        for (OpType type : new OpType[] {OpType.CONV_2D, OpType.DEPTHWISE_CONV_2D, OpType.FULLY_CONNECTED}) {
            Operator op = first(q, type);
            Tensor w = in(q, op, 1);
            int axis = type == OpType.DEPTHWISE_CONV_2D ? 3 : 0;
            assertEquals(TensorType.INT8, w.type());
            assertEquals(axis, w.quantization().quantizedDimension(), type + " axis");
            assertEquals(w.dim(axis), w.quantization().channelCount(), type + " one scale per channel");
            float[] real = TinyFloatModels.toFloats(in(f, first(f, type), 1).data());
            byte[] data = w.data();
            int[] shape = w.shape();
            int inner = 1;
            for (int d = axis + 1; d < shape.length; d++) {
                inner *= shape[d];
            }
            float[] maxAbs = new float[w.dim(axis)];
            for (int k = 0; k < real.length; k++) {
                int c = (k / inner) % shape[axis];
                maxAbs[c] = Math.max(maxAbs[c], Math.abs(real[k]));
            }
            for (int c = 0; c < maxAbs.length; c++) {
                assertEquals(maxAbs[c] / 127, w.quantization().scale(c), 1e-7f, type + " channel " + c);
                assertEquals(0, w.quantization().zeroPoint(c));
            }
            for (int k = 0; k < real.length; k++) {
                int c = (k / inner) % shape[axis];
                assertEquals(Math.round(real[k] / w.quantization().scale(c)), data[k], 1, type + " weight " + k);
                assertTrue(data[k] >= -127, "symmetric range [-127, 127]");
            }
        }
    }

    @Test
    void biasesAreInt32AtInputScaleTimesWeightScale() {
        Graph q = quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults()).model().main();
        Graph f = CNN.main();
        List<Operator> floatLayers = layers(f);
        List<Operator> quantLayers = layers(q);
        assertEquals(floatLayers.size(), quantLayers.size());
        for (int l = 0; l < quantLayers.size(); l++) {
            Operator op = quantLayers.get(l);
            Tensor b = in(q, op, 2);
            assertEquals(TensorType.INT32, b.type());
            float inScale = in(q, op, 0).quantization().scale(0);
            Quantization wq = in(q, op, 1).quantization();
            float[] real = TinyFloatModels.toFloats(in(f, floatLayers.get(l), 2).data());
            ByteBuffer v = b.dataView().order(ByteOrder.LITTLE_ENDIAN);
            for (int c = 0; c < real.length; c++) {
                float scale = inScale * wq.scale(c);
                assertEquals(scale, b.quantization().scale(c), scale * 1e-6f, op + " bias scale " + c);
                assertEquals(0, b.quantization().zeroPoint(c));
                assertEquals(Math.round(real[c] / scale), v.getInt(4 * c), 1, op + " bias " + c);
            }
        }
    }

    /** The CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED operators in execution order. */
    private static List<Operator> layers(Graph g) {
        return g.operators().stream().filter(o -> o.type() == OpType.CONV_2D || o.type() == OpType.DEPTHWISE_CONV_2D
                || o.type() == OpType.FULLY_CONNECTED).toList();
    }

    @Test
    void perTensorFullyConnectedOptionGivesOneScale() {
        Graph q = quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults().withPerChannelFullyConnected(false)).model()
                .main();
        Operator fc = first(q, OpType.FULLY_CONNECTED);
        assertEquals(1, in(q, fc, 1).quantization().channelCount());
        assertEquals(1, in(q, fc, 2).quantization().channelCount());
        assertTrue(in(q, first(q, OpType.CONV_2D), 1).quantization().perChannel(), "convolutions stay per channel");
    }

    @Test
    void operatorsFollowTfliteFixedQuantizationRules() {
        PostTrainingQuantizer.Result r = quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults());
        Graph q = r.model().main();
        Operator softmax = first(q, OpType.SOFTMAX);
        assertEquals(1f / 256, out(q, softmax).quantization().scale(0));
        assertEquals(-128, out(q, softmax).quantization().zeroPoint(0));
        for (OpType same : new OpType[] {OpType.PAD, OpType.MAX_POOL_2D}) {
            Operator op = first(q, same);
            assertEquals(in(q, op, 0).quantization().scale(0), out(q, op).quantization().scale(0), same + " scale");
            assertEquals(in(q, op, 0).quantization().zeroPoint(0), out(q, op).quantization().zeroPoint(0),
                    same + " zero point");
        }
        // Fused RELU: the calibrated range starts at 0, so the zero point is the int8 minimum.
        Operator add = first(q, OpType.ADD);
        assertEquals(-128, out(q, add).quantization().zeroPoint(0));
        Operator conv = first(q, OpType.CONV_2D);
        assertEquals(-128, out(q, conv).quantization().zeroPoint(0));
        // CONCATENATION: every input has the output's parameters; the pool output (whose parameters are its
        // input's) is requantized by an inserted QUANTIZE, the conv output takes them directly.
        Operator concat = first(q, OpType.CONCATENATION);
        Quantization shared = out(q, concat).quantization();
        for (int i = 0; i < concat.inputCount(); i++) {
            assertTrue(QuantParams.sameParameters(shared, in(q, concat, i).quantization()), "concat input " + i);
        }
        Operator requant = q.producerOf(concat.inputIndex(0)).orElseThrow();
        assertEquals(OpType.QUANTIZE, requant.type());
        assertEquals(OpType.CONV_2D, q.producerOf(concat.inputIndex(1)).orElseThrow().type());
        // Every activation is int8 with one scale; the recorded range matches what calibration saw.
        for (Tensor t : q.tensors()) {
            if (!t.isConstant()) {
                assertEquals(TensorType.INT8, t.type(), t.toString());
                assertEquals(1, t.quantization().channelCount(), t.toString());
            }
        }
        float[] seen = r.calibratedRanges().get(CNN.main().operator(add.index()).outputIndex(0));
        assertEquals(seen[1], out(q, add).quantization().max()[0], 1e-6f);
    }

    @Test
    void elementwiseConstantsAndFixedActivationOutputs() {
        Model mlp = TinyFloatModels.mlp(3);
        Graph q = quantize(mlp, TinyFloatModels.samples(mlp, 30, 2, -2f, 2f), QuantizeOptions.defaults()).model()
                .main();
        Operator tanh = first(q, OpType.TANH);
        assertEquals(1f / 128, out(q, tanh).quantization().scale(0));
        assertEquals(0, out(q, tanh).quantization().zeroPoint(0));
        Operator logistic = first(q, OpType.LOGISTIC);
        assertEquals(1f / 256, out(q, logistic).quantization().scale(0));
        assertEquals(-128, out(q, logistic).quantization().zeroPoint(0));
        Operator reshape = first(q, OpType.RESHAPE);
        assertTrue(QuantParams.sameParameters(in(q, reshape, 0).quantization(), out(q, reshape).quantization()));
        Tensor gain = in(q, first(q, OpType.MUL), 1);
        assertEquals(TensorType.INT8, gain.type(), "the MUL constant becomes an int8 constant");
        assertTrue(gain.isConstant());
    }

    @Test
    void calibrationIsDeterministicAndIndependentOfSampleOrder() {
        byte[] a = TfliteWriter.write(quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults()).model());
        byte[] b = TfliteWriter.write(quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults()).model());
        assertArrayEquals(a, b, "same model, samples and options give the same bytes");
        List<float[]> shuffled = new ArrayList<>(CNN_SAMPLES);
        Collections.shuffle(shuffled, new java.util.Random(5));
        byte[] c = TfliteWriter.write(quantize(CNN, shuffled, QuantizeOptions.defaults()).model());
        assertArrayEquals(a, c, "min/max calibration does not depend on the order of the samples");
        byte[] d = TfliteWriter.write(quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults().withMaxSamples(5))
                .model());
        assertFalse(java.util.Arrays.equals(a, d), "fewer samples, other ranges");
    }

    @Test
    void quantizedModelRoundTripsAndRunsCloseToTheFloatModel(@TempDir Path work) throws Exception {
        for (Model m : new Model[] {CNN, TinyFloatModels.mlp(3)}) {
            List<float[]> samples = TinyFloatModels.samples(m, 60, 11, -1f, 1f);
            Model q = TfliteReader.read(TfliteWriter.write(quantize(m, samples, QuantizeOptions.defaults()).model()));
            Interpreter interp = Interpreter.create(q);
            FloatEvaluator reference = FloatEvaluator.create(m);
            Quantization inQ = q.main().input(0).quantization();
            Quantization outQ = q.main().output(0).quantization();
            double worst = 0;
            for (float[] x : TinyFloatModels.samples(m, 20, 99, -1f, 1f)) {
                byte[] in = new byte[x.length];
                for (int k = 0; k < x.length; k++) {
                    in[k] = QuantParams.quantize(x[k], inQ);
                }
                byte[] y = interp.run(in);
                float[] expected = reference.run(x)[0];
                for (int k = 0; k < y.length; k++) {
                    double real = outQ.scale(0) * (y[k] - outQ.zeroPoint(0));
                    worst = Math.max(worst, Math.abs(real - expected[k]));
                }
            }
            // Outputs are probabilities in [0, 1]; a few int8 steps of error through ten layers is expected.
            assertTrue(worst < 0.06, m.main().name() + ": largest output error " + worst);
        }
    }

    @Test
    void floatEdgesKeepFloatInputsAndOutputs() {
        Model q = TfliteReader.read(TfliteWriter.write(
                quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults().withFloatIo(true)).model()));
        Graph g = q.main();
        assertEquals(TensorType.FLOAT32, g.input(0).type());
        assertEquals(TensorType.FLOAT32, g.output(0).type());
        assertEquals(OpType.QUANTIZE, g.operator(0).type());
        assertEquals(OpType.DEQUANTIZE, g.operator(g.operators().size() - 1).type());
        Interpreter interp = Interpreter.create(q);
        FloatEvaluator reference = FloatEvaluator.create(CNN);
        float[] x = CNN_SAMPLES.get(3);
        ByteBuffer in = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            in.putFloat(v);
        }
        float[] y = TinyFloatModels.toFloats(interp.run(in.array()));
        float[] expected = reference.run(x)[0];
        for (int k = 0; k < y.length; k++) {
            assertEquals(expected[k], y[k], 0.06, "output " + k);
        }
    }

    @Test
    void fixedInputQuantizationIsKept() {
        Graph q = quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults().withInputQuantization(1f / 128, 0)).model()
                .main();
        assertEquals(1f / 128, q.input(0).quantization().scale(0));
        assertEquals(0, q.input(0).quantization().zeroPoint(0));
    }

    @Test
    void quantizedModelGeneratesCThatMatchesTheInterpreter(@TempDir Path work) throws Exception {
        Model q = quantize(CNN, CNN_SAMPLES, QuantizeOptions.defaults()).model();
        SortedMap<String, byte[]> files = CGenerator.generate(q, "tiny_cnn", Progress.NONE);
        assertFalse(files.isEmpty());
        if (!CValidator.onPath("gcc")) {
            return; // generation alone is checked; the bit-exact run needs a host compiler
        }
        Quantization inQ = q.main().input(0).quantization();
        List<float[]> xs = TinyFloatModels.samples(CNN, 8, 21, -1f, 1f);
        byte[] inputs = new byte[xs.size() * xs.get(0).length];
        int at = 0;
        for (float[] x : xs) {
            for (float v : x) {
                inputs[at++] = QuantParams.quantize(v, inQ);
            }
        }
        ValidationResult r = CValidator.validate(q, PackPlanner.plan(q.main(), "m4"), inputs, null,
                CValidator.Target.HOST, "-O2", work, Progress.NONE);
        assertEquals(xs.size(), r.bitExact(), "generated C is bit-exact with the interpreter");
    }

    @Test
    void int8ModelIsRefusedWithAClearMessage() {
        QuantizeException e = assertThrows(QuantizeException.class,
                () -> quantize(DemoModel.build(), CNN_SAMPLES, QuantizeOptions.defaults()));
        assertTrue(e.getMessage().contains("already quantized"), e.getMessage());
    }

    @Test
    void unsupportedOperatorsAreListedBeforeAnyWork() {
        Graph g = CNN.main();
        List<Operator> ops = new ArrayList<>(g.operators());
        Operator mean = first(g, OpType.MEAN);
        ops.set(mean.index(), new Operator(mean.index(), OpType.SUM, mean.inputs(), mean.outputs(),
                new OpOptions.ReducerOptions(false)));
        Model withSum = Model.of(g.withOperators(ops));
        QuantizeException e = assertThrows(QuantizeException.class,
                () -> quantize(withSum, CNN_SAMPLES, QuantizeOptions.defaults()));
        assertTrue(e.getMessage().contains("without an int8 form in Prunus: SUM (operator " + mean.index() + ")"),
                e.getMessage());
        assertTrue(e.getMessage().contains("nor a float kernel"), e.getMessage());
        assertTrue(e.getMessage().contains("Int8: ") && e.getMessage().contains("float: "), e.getMessage());
    }

    @Test
    void calibrationDataMustFitTheInputs() {
        QuantizeException e = assertThrows(QuantizeException.class,
                () -> quantize(CNN, List.of(new float[5]), QuantizeOptions.defaults()));
        assertTrue(e.getMessage().contains("needs 72"), e.getMessage());
        assertThrows(QuantizeException.class, () -> quantize(CNN, List.of(), QuantizeOptions.defaults()));
        QuantizeException raw = assertThrows(QuantizeException.class,
                () -> RawCalibrationRecords.float32(new byte[100], CNN.main()));
        assertTrue(raw.getMessage().contains("288-byte float32 records"), raw.getMessage());
    }

    @Test
    void rawRecordsDecodeFloatAndInt8() {
        Graph g = TinyFloatModels.mlp(3).main();
        CalibrationSource f = RawCalibrationRecords.float32(TinyFloatModels.floats(new float[16]), g);
        assertEquals(2, f.size());
        byte[] int8 = new byte[8];
        int8[0] = -128;
        int8[1] = 127;
        CalibrationSource q = RawCalibrationRecords.int8(int8, g, 1f, -128);
        assertEquals(1, q.size());
        assertEquals(0f, q.sample(0)[0][0]);
        assertEquals(255f, q.sample(0)[0][1]);
        assertEquals(Map.of(), Map.of());
    }
}
