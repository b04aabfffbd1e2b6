package dev.prunus.core.quantize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.Evaluation;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/** The float32 models in ../shared/models/float: reading, float evaluation against desktop TFLite, quantization. */
class SharedFloatModelsTest {

    @BeforeAll
    static void loadDesktopTflite() {
        DesktopTflite.load();
    }

    private static Model read(String name) throws Exception {
        return TfliteReader.read(SharedData.require("models/float/" + name + ".tflite"));
    }

    @Test
    void everyFloatModelLoadsWithFloat32Activations() throws Exception {
        for (String name : new String[] {"pretrainedResnet", "vww_96_float", "kws_ref_model_float32", "kwt1_float"}) {
            Graph g = read(name).main();
            assertEquals(TensorType.FLOAT32, g.input(0).type(), name);
            assertEquals(TensorType.FLOAT32, g.output(0).type(), name);
            for (Tensor t : g.tensors()) {
                if (!t.isConstant()) {
                    assertEquals(TensorType.FLOAT32, t.type(), name + " " + t);
                } else if (t.type() == TensorType.INT8) {
                    assertTrue(t.quantization().isQuantized(), name + ": hybrid int8 weights carry a scale: " + t);
                }
            }
        }
    }

    @Test
    void cnnFloatModelsWriteBackUnchanged() throws Exception {
        for (String name : new String[] {"pretrainedResnet", "vww_96_float", "kws_ref_model_float32"}) {
            Model m = read(name);
            assertEquals(m, TfliteReader.read(TfliteWriter.write(m)), name);
        }
    }

    @Test
    void floatEvaluationMatchesDesktopTflite() throws Exception {
        Path shared = SharedData.require();
        byte[] cifar = CifarImages.testRecords(shared);
        float[][] images = {CifarImages.testFloat(cifar, 0), CifarImages.testFloat(cifar, 1),
            CifarImages.testFloat(cifar, 2)};
        compare("pretrainedResnet", images, 1e-5);
        byte[] person = Files.readAllBytes(shared.resolve("samples/vww/person_rgb96_u8.bin"));
        float[] x = new float[person.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = (person[k] & 0xff) / 255f;
        }
        compare("vww_96_float", new float[][] {x}, 1e-5);
        // KWS is a hybrid export (int8 conv weights): desktop TFLite quantizes those convolutions' inputs to int8
        // on the fly, Prunus evaluates them in float with the dequantized weights. The reference is therefore the
        // same graph with the weights stored dequantized, which desktop TFLite runs in float.
        SplittableRandom r = new SplittableRandom(3);
        float[][] mfcc = new float[2][490];
        for (float[] m : mfcc) {
            for (int k = 0; k < m.length; k++) {
                m[k] = (float) (-120 + 145 * r.nextDouble());
            }
        }
        Model kws = read("kws_ref_model_float32");
        Graph g = kws.main();
        for (Tensor t : g.tensors()) {
            if (t.isConstant() && t.type() == TensorType.INT8) {
                float[] real = dev.prunus.core.quantize.floatops.FloatOperands.realValues(t);
                g = g.withTensor(new Tensor(t.index(), t.name(), TensorType.FLOAT32, t.shape(), t.shapeSignature(),
                        t.hasRank(), Quantization.NONE, false, TinyFloatModels.floats(real)));
            }
        }
        Model dequantized = kws.withMain(g);
        float[][] expected = DesktopTflite.run(TfliteWriter.write(dequantized), mfcc);
        FloatEvaluator e = FloatEvaluator.create(kws);
        for (int i = 0; i < mfcc.length; i++) {
            float[] actual = e.run(mfcc[i])[0];
            for (int k = 0; k < actual.length; k++) {
                assertEquals(expected[i][k], actual[k], 1e-5, "kws input " + i + " output " + k);
            }
        }
    }

    private static void compare(String name, float[][] inputs, double tolerance) throws Exception {
        Path file = SharedData.require("models/float/" + name + ".tflite");
        float[][] expected = DesktopTflite.run(Files.readAllBytes(file), inputs);
        FloatEvaluator e = FloatEvaluator.create(TfliteReader.read(file));
        for (int i = 0; i < inputs.length; i++) {
            float[] actual = e.run(inputs[i])[0];
            for (int k = 0; k < actual.length; k++) {
                assertEquals(expected[i][k], actual[k], tolerance, name + " input " + i + " output " + k);
            }
        }
    }

    /**
     * KWT-1 (612 operators: its audio front end with GATHER, SQRT, LOG, then 12 transformer blocks with layer norms,
     * attention products as FULLY_CONNECTED of two activations, and POW/TANH GELUs) against desktop TFLite 2.6.2's
     * outputs shared in reference_outputs, on every 30th clip (two per label), at KWT-1's stated tolerance
     * 5e-5 x (1 + |value|) (docs/quantization.md); bench/kwt1-float.sh measures all 720.
     */
    @Test
    void kwt1FloatAgreesWithTheSharedDesktopTfliteOutputs() throws Exception {
        Kwt1Clips kwt1 = Kwt1Clips.load(SharedData.require());
        Dataset clips = kwt1.clips();
        FloatEvaluator e = FloatEvaluator.create(kwt1.model());
        int compared = 0;
        for (int i = 0; i < clips.size(); i += 30) {
            float[] expected = kwt1.reference()[i];
            float[] actual = e.run(clips.real(i))[0];
            assertEquals(expected.length, actual.length);
            for (int k = 0; k < actual.length; k++) {
                assertEquals(expected[k], actual[k], 5e-5 * (1 + Math.abs(expected[k])), "clip " + i + " output " + k);
            }
            compared++;
        }
        assertEquals(24, compared);
    }

    /**
     * KWT-1 quantized with a float front end (up to LOG) and an int8 transformer, calibrated on 12 clips (one per
     * label), predicts as the float model (desktop TFLite's shared outputs) on 12 other clips, at least 10 of them
     * (measured 11); bench/kwt1-int8.sh measures all 720.
     */
    @Test
    void kwt1QuantizesWithAFloatFrontEndAndPredictsAsTheFloatModel() throws Exception {
        Kwt1Clips kwt1 = Kwt1Clips.load(SharedData.require());
        Model kwt = kwt1.model();
        Dataset clips = kwt1.clips();
        List<float[]> calibration = new java.util.ArrayList<>();
        for (int i = 0; i < clips.size(); i += 60) {
            calibration.add(clips.real(i));
        }
        PostTrainingQuantizer.Result r = PostTrainingQuantizer.quantize(kwt,
                CalibrationSource.ofSingleInput(calibration), QuantizeOptions.defaults());
        assertEquals(15, r.floatOperators(), "the front end: operators 0 to 14 (LOG)");
        Interpreter interp = Interpreter.create(TfliteReader.read(TfliteWriter.write(r.model())));
        int agree = 0;
        for (int i = 30; i < clips.size(); i += 60) {
            agree += Interpreter.argmax(interp.run(clips.input(i))) == Evaluation.argmax(kwt1.reference()[i]) ? 1 : 0;
        }
        assertTrue(agree >= 10, "int8 predicts as float on " + agree + " of 12 held-out clips");
    }

    @Test
    void pretrainedResnetQuantizesToTheTwinsInputAndKeepsItsPredictions() throws Exception {
        Path shared = SharedData.require();
        Model floatModel = read("pretrainedResnet");
        List<float[]> calibration = CifarImages.read(CifarImages.evenly(CifarImages.trainingFiles(shared), 40));
        Model q = TfliteReader.read(TfliteWriter.write(PostTrainingQuantizer.quantize(floatModel,
                CalibrationSource.ofSingleInput(calibration), QuantizeOptions.defaults()).model()));
        Tensor in = q.main().input(0);
        assertEquals(1f, in.quantization().scale(0), "the official twin's input: q = pixel - 128");
        assertEquals(-128, in.quantization().zeroPoint(0));
        Interpreter interp = Interpreter.create(q);
        FloatEvaluator reference = FloatEvaluator.create(floatModel);
        byte[] test = CifarImages.testRecords(shared);
        int agree = 0;
        int n = 60;
        for (int i = 0; i < n; i++) {
            int f = CifarImages.argmax(reference.run(CifarImages.testFloat(test, i))[0]);
            agree += CifarImages.argmax(interp.run(CifarImages.testInt8(test, i))) == f ? 1 : 0;
        }
        assertTrue(agree >= n - 3, "int8 top-1 agrees with float on " + agree + " of " + n);
    }

    @Test
    void kwsHybridAndVwwQuantizeAndRun() throws Exception {
        for (String name : new String[] {"kws_ref_model_float32", "vww_96_float"}) {
            Model m = read(name);
            List<float[]> samples = TinyFloatModels.samples(m, 3, 1, 0f, 1f);
            Model q = PostTrainingQuantizer.quantize(m, CalibrationSource.ofSingleInput(samples),
                    QuantizeOptions.defaults()).model();
            Interpreter interp = Interpreter.create(TfliteReader.read(TfliteWriter.write(q)));
            assertEquals(q.main().output(0).elementCount(), interp.run(new byte[interp.inputByteSize(0)]).length);
        }
    }
}
