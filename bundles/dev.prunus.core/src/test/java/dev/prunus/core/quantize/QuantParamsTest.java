package dev.prunus.core.quantize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import dev.prunus.core.ir.Quantization;

class QuantParamsTest {

    @Test
    void asymmetricParametersMatchTheConvertersOnPretrainedResnet() {
        // Ranges and parameters as recorded in the official pretrainedResnet_quant.tflite.
        Quantization relu = QuantParams.asymmetric(0f, 10.045356f);
        assertEquals(0.03939355f, relu.scale(0), 1e-8f);
        assertEquals(-128, relu.zeroPoint(0));
        Quantization mixed = QuantParams.asymmetric(-13.711753f, 12.857963f);
        assertEquals(0.10419496f, mixed.scale(0), 1e-7f);
        assertEquals(4, mixed.zeroPoint(0));
        Quantization input = QuantParams.asymmetric(0f, 255f);
        assertEquals(1f, input.scale(0));
        assertEquals(-128, input.zeroPoint(0), "so that the int8 input is pixel - 128");
    }

    @Test
    void rangesAlwaysIncludeZero() {
        Quantization positive = QuantParams.asymmetric(2f, 4f);
        assertEquals(4f / 255, positive.scale(0), 1e-9f);
        assertEquals(-128, positive.zeroPoint(0));
        assertEquals(0f, positive.min()[0], "recorded range starts at 0");
        Quantization negative = QuantParams.asymmetric(-5f, -1f);
        assertEquals(127, negative.zeroPoint(0));
        Quantization zero = QuantParams.asymmetric(0f, 0f);
        assertEquals(-128, zero.zeroPoint(0));
    }

    @Test
    void perChannelWeightsAreSymmetricWithMaxAbsOver127() {
        // Two output channels of 3 weights each (axis 0).
        float[] w = {0.5f, -1.27f, 0.25f, 2f, 1f, -0.0079f};
        QuantParams.Int8Weights q = QuantParams.symmetricWeights(w, new int[] {2, 3}, 0);
        assertArrayEquals(new float[] {1.27f / 127, 2f / 127}, q.quantization().scales(), 1e-9f);
        assertArrayEquals(new long[] {0, 0}, q.quantization().zeroPoints());
        assertEquals(0, q.quantization().quantizedDimension());
        assertArrayEquals(new byte[] {50, -127, 25, 127, 64, -1}, q.data());
    }

    @Test
    void depthwiseWeightsAreQuantizedAlongTheLastDimension() {
        // [1, 1, 2, 2]: channel = index % 2.
        float[] w = {1f, 0.1f, -0.5f, -0.2f};
        QuantParams.Int8Weights q = QuantParams.symmetricWeights(w, new int[] {1, 1, 2, 2}, 3);
        assertArrayEquals(new float[] {1f / 127, 0.2f / 127}, q.quantization().scales(), 1e-9f);
        assertEquals(3, q.quantization().quantizedDimension());
        assertArrayEquals(new byte[] {127, 64, -64, -127}, q.data(), "half-way values round away from zero");
    }

    @Test
    void perTensorWeightsHaveOneScaleAndZeroRowsStayZero() {
        float[] w = {0f, 0f, 0.5f, -1f};
        QuantParams.Int8Weights pt = QuantParams.symmetricWeights(w, new int[] {2, 2}, -1);
        assertArrayEquals(new float[] {1f / 127}, pt.quantization().scales(), 1e-9f);
        QuantParams.Int8Weights pc = QuantParams.symmetricWeights(w, new int[] {2, 2}, 0);
        assertEquals(1f, pc.quantization().scale(0), "an all-zero channel keeps a valid scale");
        assertArrayEquals(new byte[] {0, 0, 64, -127}, pc.data());
    }

    @Test
    void biasScaleIsInputScaleTimesWeightScale() {
        QuantParams.Int32Bias b = QuantParams.bias(new float[] {1f, -0.5f}, 0.5f, new float[] {0.01f, 0.02f});
        assertArrayEquals(new float[] {0.005f, 0.01f}, b.quantization().scales(), 1e-9f);
        assertArrayEquals(new long[] {0, 0}, b.quantization().zeroPoints());
        ByteBuffer v = ByteBuffer.wrap(b.data()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(200, v.getInt(0));
        assertEquals(-50, v.getInt(4));
        QuantParams.Int32Bias huge = QuantParams.bias(new float[] {1e12f}, 1e-3f, new float[] {1e-3f});
        assertEquals(Integer.MAX_VALUE, ByteBuffer.wrap(huge.data()).order(ByteOrder.LITTLE_ENDIAN).getInt(0),
                "saturated, not wrapped");
    }
}
