package dev.prunus.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class InputQuantizerTest {

    @Test
    void roundsHalfAwayFromZero() {
        assertEquals(1, InputQuantizer.roundHalfAwayFromZero(0.5));
        assertEquals(-1, InputQuantizer.roundHalfAwayFromZero(-0.5));
        assertEquals(3, InputQuantizer.roundHalfAwayFromZero(2.5));
        assertEquals(-3, InputQuantizer.roundHalfAwayFromZero(-2.5));
        assertEquals(2, InputQuantizer.roundHalfAwayFromZero(1.5));
        assertEquals(0, InputQuantizer.roundHalfAwayFromZero(0.49999999999999994));
        assertEquals(2, InputQuantizer.roundHalfAwayFromZero(2.4999));
        assertEquals(0, InputQuantizer.roundHalfAwayFromZero(-0.0));
    }

    @Test
    void quantizesWithTheInputsScaleAndZeroPointAndSaturates() {
        // x / s = 2.5 -> 3, + zp
        assertEquals(3 - 128, InputQuantizer.quantize(0.25, 0.1, -128), "0.25 / 0.1 = 2.5 rounds away from zero");
        assertEquals(-3 + 5, InputQuantizer.quantize(-1.25, 0.5, 5));
        assertEquals(127, InputQuantizer.quantize(1e12, 1.0, 0));
        assertEquals(-128, InputQuantizer.quantize(-300, 1.0, 0));
        assertEquals(127, InputQuantizer.quantize(Double.POSITIVE_INFINITY, 1.0, 0));
        assertEquals(-128, InputQuantizer.quantize(Double.NEGATIVE_INFINITY, 1.0, 0));
        assertEquals(-128, InputQuantizer.quantize(255.0, 1.0, -128 - 255 + 0), "clamped below");
        assertEquals(7, InputQuantizer.quantize(Double.NaN, 1.0, 7), "NaN gives the zero point");
    }

    @Test
    void pixelsOverTheWholeRangeComeBackExactlyAsPMinus128() {
        float[] scales = {1f / 255f, 1f, 0.0235294f, 1f / 127.5f, 0.003921568859f};
        int[] zeroPoints = {-128, -128, 0, -1, 17};
        for (int k = 0; k < scales.length; k++) {
            double s = scales[k];
            int zp = zeroPoints[k];
            for (int p = 0; p < 256; p++) {
                double x = s * (p - 128 - zp);
                assertEquals((byte) (p - 128), InputQuantizer.quantize(x, s, zp), "s=" + s + " zp=" + zp + " p=" + p);
            }
        }
    }
}
