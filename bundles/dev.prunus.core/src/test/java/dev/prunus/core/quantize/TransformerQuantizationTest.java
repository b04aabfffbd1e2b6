package dev.prunus.core.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.codegen.CodegenException;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.UnsupportedModelException;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.ops.BatchMatMulOp;
import dev.prunus.core.pack.PackPlanner;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;
import dev.prunus.core.validate.CValidator;
import dev.prunus.core.validate.ValidationResult;

/** Quantization of a transformer in KWT-1's form: rules per operator, rewrites, the float front end, accuracy. */
class TransformerQuantizationTest {

    private static final Model KWT = TinyFloatModels.keywordTransformer(5);
    private static final List<float[]> SAMPLES = TinyFloatModels.samples(KWT, 60, 3, -2f, 2f);
    private static final PostTrainingQuantizer.Result RESULT = PostTrainingQuantizer.quantize(KWT,
            CalibrationSource.ofSingleInput(SAMPLES), QuantizeOptions.defaults());
    private static final Graph Q = TfliteReader.read(TfliteWriter.write(RESULT.model())).main();

    private static List<Operator> all(Graph g, OpType type) {
        return g.operators().stream().filter(o -> o.type() == type).toList();
    }

    private static Quantization inQ(Operator op, int i) {
        return Q.tensor(op.inputIndex(i)).quantization();
    }

    private static Quantization outQ(Operator op) {
        return Q.tensor(op.outputIndex(0)).quantization();
    }

    /** The calibrated range of a tensor of the quantized model, found by name in the calibration results. */
    private static void assertCalibrated(Operator op) {
        Tensor out = Q.tensor(op.outputIndex(0));
        String name = op.type() == OpType.QUANTIZE ? Q.tensor(op.inputIndex(0)).name() : out.name();
        Quantization expected = null;
        for (var e : RESULT.calibratedRanges().entrySet()) {
            // The quantizer's float graph (after rewrites) keeps the names; the ranges are keyed by its indices.
            if (nameOf(e.getKey()).equals(name)) {
                expected = QuantParams.asymmetric(e.getValue()[0], e.getValue()[1]);
            }
        }
        assertTrue(expected != null, "a calibrated range for " + out);
        assertTrue(QuantParams.sameParameters(expected, out.quantization()), op.displayName() + " output " + out);
    }

    private static String nameOf(int floatTensor) {
        Model rewritten = Int8Rewrites.apply(KWT);
        return rewritten.main().tensor(floatTensor).name();
    }

    @Test
    void frontEndUpToLogStaysFloatAndEntersThroughQuantize() {
        assertEquals(3, RESULT.floatOperators(), "MUL, ADD and LOG of the front end");
        for (int i = 0; i < 3; i++) {
            Operator op = Q.operator(i);
            assertEquals(TensorType.FLOAT32, Q.tensor(op.outputIndex(0)).type(), op.displayName());
        }
        assertEquals(TensorType.FLOAT32, Q.input(0).type(), "the front end reads the float input");
        Operator quantize = Q.operator(3);
        assertEquals(OpType.QUANTIZE, quantize.type());
        assertEquals(OpType.LOG, Q.producerOf(quantize.inputIndex(0)).orElseThrow().type());
        assertCalibrated(quantize);
        for (int i = 4; i < Q.operators().size(); i++) {
            Tensor out = Q.tensor(Q.operator(i).outputIndex(0));
            assertEquals(TensorType.INT8, out.type(), Q.operator(i).displayName() + " after the front end");
        }
        assertEquals(TensorType.INT8, Q.output(0).type(), "full-integer output");
    }

    @Test
    void attentionProductsBecomeBatchMatMulAndPowBecomesMuls() {
        assertTrue(all(Q, OpType.POW).isEmpty(), "TFLite Micro has no int8 POW");
        List<Operator> bmm = all(Q, OpType.BATCH_MATMUL);
        assertEquals(2, bmm.size(), "scores and the weighted sum of v");
        for (Operator op : bmm) {
            assertTrue(((BatchMatMulOp.Options) op.options()).adjY(), "x W^T, as FULLY_CONNECTED computes");
            assertFalse(Q.tensor(op.inputIndex(1)).isConstant());
            assertCalibrated(op);
        }
        // The [1,1,5,5] probabilities are flattened to [5,5] by an inserted RESHAPE, sharing their parameters.
        Operator flatten = Q.producerOf(bmm.get(1).inputIndex(0)).orElseThrow();
        assertEquals(OpType.RESHAPE, flatten.type());
        assertTrue(QuantParams.sameParameters(inQ(flatten, 0), outQ(flatten)));
        // x^3 = (x * x) * x, each product requantized to its own calibrated range.
        Operator cube = Q.producerOf(all(Q, OpType.TANH).get(0).inputIndex(0)).orElseThrow();
        assertEquals(OpType.MUL, cube.type());
        long squares = all(Q, OpType.MUL).stream().filter(m -> m.inputIndex(0) == m.inputIndex(1)
                && Q.tensor(m.outputIndex(0)).type() == TensorType.INT8).count();
        assertEquals(1, squares, "x * x of the GELU (the front end's is float)");
    }

    @Test
    void layerNormOperatorsAreCalibratedAndMoversKeepTheirInputParameters() {
        for (OpType t : new OpType[] {OpType.SQUARED_DIFFERENCE, OpType.RSQRT, OpType.SUB, OpType.MEAN}) {
            for (Operator op : all(Q, t)) {
                assertCalibrated(op);
            }
        }
        Operator sub = all(Q, OpType.SUB).get(0);
        Tensor beta = Q.tensor(sub.inputIndex(0));
        assertTrue(beta.isConstant() && beta.type() == TensorType.INT8, "SUB's constant beta becomes int8: " + beta);
        for (OpType t : new OpType[] {OpType.TRANSPOSE, OpType.STRIDED_SLICE}) {
            assertFalse(all(Q, t).isEmpty());
            for (Operator op : all(Q, t)) {
                assertTrue(QuantParams.sameParameters(inQ(op, 0), outQ(op)), t + " keeps its input's parameters");
            }
        }
        Operator softmax = all(Q, OpType.SOFTMAX).get(0);
        assertEquals(1f / 256, outQ(softmax).scale(0));
        assertEquals(-128, outQ(softmax).zeroPoint(0));
        Operator tanh = all(Q, OpType.TANH).get(0);
        assertEquals(1f / 128, outQ(tanh).scale(0));
        assertEquals(0, outQ(tanh).zeroPoint(0));
    }

    /**
     * The mixed model in the interpreter against the float model on held-out inputs. Stated bound: every logit within
     * 5 % of the float logits' range over the inputs (about 13 output steps after some 30 requantized int8 operators;
     * measured 2.8 %).
     */
    @Test
    void int8TransformerAgreesWithTheFloatModel() {
        Interpreter interp = Interpreter.create(TfliteReader.read(TfliteWriter.write(RESULT.model())));
        FloatEvaluator reference = FloatEvaluator.create(KWT);
        Quantization outQ = Q.output(0).quantization();
        List<float[]> test = TinyFloatModels.samples(KWT, 30, 77, -2f, 2f);
        List<float[]> expected = new ArrayList<>();
        float lo = Float.MAX_VALUE;
        float hi = -Float.MAX_VALUE;
        for (float[] x : test) {
            float[] y = reference.run(x)[0];
            expected.add(y);
            for (float v : y) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double worst = 0;
        int agree = 0;
        for (int i = 0; i < test.size(); i++) {
            ByteBuffer in = ByteBuffer.allocate(4 * test.get(i).length).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : test.get(i)) {
                in.putFloat(v);
            }
            byte[] y = interp.run(in.array());
            float[] real = new float[y.length];
            for (int k = 0; k < y.length; k++) {
                real[k] = outQ.scale(0) * (y[k] - outQ.zeroPoint(0));
                worst = Math.max(worst, Math.abs(real[k] - expected.get(i)[k]));
            }
            agree += dev.prunus.core.data.Evaluation.argmax(real) == dev.prunus.core.data.Evaluation.argmax(
                    expected.get(i)) ? 1 : 0;
        }
        assertTrue(worst <= 0.05 * (hi - lo), "largest logit error " + worst + " over a range of " + (hi - lo));
        assertTrue(agree >= test.size() - 2, "argmax agrees on " + agree + " of " + test.size());
    }

    @Test
    void onlyMixedModelsGetFloatStepsAndTheGeneratedCRunsThemAsTheInterpreter(@TempDir Path dir) throws Exception {
        UnsupportedModelException floatModel = assertThrows(UnsupportedModelException.class,
                () -> Interpreter.create(KWT));
        assertTrue(floatModel.getMessage().contains("operator 0 (MUL)"), "a float model stays with the float "
                + "evaluator: " + floatModel.getMessage());
        assertThrows(CodegenException.class, () -> CGenerator.generate(KWT, "kwt", Progress.NONE));
        String c = new String(CGenerator.generate(RESULT.model(), "kwt", Progress.NONE).get("kwt.c"),
                StandardCharsets.UTF_8);
        assertTrue(c.contains("pn_binary_f32(PN_F32_MUL") && c.contains("pn_unary_f32(PN_F32_LOG")
                && c.contains("pn_quantize_f32_s8("), "float front end, then QUANTIZE");
        assumeTrue(CValidator.onPath("gcc"), "gcc is not installed (Debian package gcc)");
        ByteBuffer in = ByteBuffer.allocate(4 * SAMPLES.get(0).length * 20).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] x : SAMPLES.subList(0, 20)) {
            for (float v : x) {
                in.putFloat(v);
            }
        }
        Model q = TfliteReader.read(TfliteWriter.write(RESULT.model()));
        ValidationResult v = CValidator.validate(q, PackPlanner.plan(q.main(), "m4"), in.array(), null,
                CValidator.Target.HOST, "-O2", dir, Progress.NONE);
        assertEquals(v.records(), v.bitExact(), "int8 outputs byte-equal with the interpreter (first mismatch "
                + v.firstMismatch() + ")");
    }

    @Test
    void floatOnlyOperatorAfterTheInt8PartIsRefused() {
        Graph g = KWT.main();
        List<Tensor> t = new ArrayList<>(g.tensors());
        List<Operator> ops = new ArrayList<>(g.operators());
        int logits = g.outputs()[0];
        int out = t.size();
        t.add(Tensor.activation(out, "log_logits", TensorType.FLOAT32, g.tensor(logits).shape(), Quantization.NONE));
        ops.add(new Operator(ops.size(), OpType.LOG, new int[] {logits}, new int[] {out},
                OpOptions.NoOptions.INSTANCE));
        Model withLogAtTheEnd = Model.of(new Graph("log_at_the_end", t, ops, g.inputs(), new int[] {out}));
        QuantizeException e = assertThrows(QuantizeException.class,
                () -> PostTrainingQuantizer.checkQuantizable(withLogAtTheEnd));
        assertTrue(e.getMessage().contains("LOG") && e.getMessage().contains("graph output"), e.getMessage());
    }
}
