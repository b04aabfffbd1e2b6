package dev.prunus.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;

/** Every shared CNN, DS-CNN, MobileNet and FC model builds, takes training steps and writes back unchanged untrained. */
class SharedModelsTrainTest {

    @ParameterizedTest
    @ValueSource(strings = {"mlperf_tiny/pretrainedResnet_quant.tflite", "mlperf_tiny/vww_96_int8.tflite",
            "mlperf_tiny/kws_ref_model.tflite", "mlperf_tiny/str_ww_ref_model.tflite", "mlperf_tiny/ad01_int8.tflite",
            "tflm/person_detect.tflite", "tflm/micro_speech_quantized.tflite", "tflm/hello_world_int8.tflite"})
    void trainsAndWritesBack(String file) throws IOException {
        Model model = TfliteReader.read(SharedData.require("models/" + file));
        TrainOptions o = TrainOptions.DEFAULTS.withEpochs(1).withBatchSize(2).withThreads(2)
                .withOptimizer(TrainOptions.Optimizer.SGD, 1e-3);
        assertEquals(model, Trainer.create(model, model, o).toModel(), "untrained write-back of " + file);
        Trainer t = Trainer.create(model, model, o);
        Quantization q = model.main().input(0).quantization();
        SplittableRandom r = new SplittableRandom(1);
        float[][] x = new float[4][t.sampleSize()];
        int[] labels = new int[4];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x[i].length; j++) {
                x[i][j] = (r.nextInt(256) - 128 - q.zeroPoint(0)) * q.scale(0);
            }
            labels[i] = t.network().classifier ? r.nextInt(t.logitCount()) : -1;
        }
        Trainer.Result result = t.train(TrainingData.of(x, t.network().classifier ? labels : null), null);
        assertEquals(2, result.steps());
        assertTrue(Double.isFinite(result.epochLoss()[0]), file + " loss " + result.epochLoss()[0]);
        Model trained = t.toModel();
        assertEquals(model.main().operators(), trained.main().operators());
    }

    @Test
    void theLstmIsRefusedWithItsName() throws IOException {
        Model model = TfliteReader.read(SharedData.require("models/tflm/trained_lstm_int8.tflite"));
        TrainingException e = assertThrows(TrainingException.class, () -> Trainer.create(model, null, null));
        assertTrue(e.getMessage().contains("UNIDIRECTIONAL_SEQUENCE_LSTM"), e.getMessage());
    }
}
