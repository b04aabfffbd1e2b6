package dev.prunus.core.train;

/**
 * The real-valued range of one or more int8 activation tensors that must share their quantization (a RESHAPE's,
 * a pool's or a PAD's input and output; all inputs and the output of a CONCATENATION, as TFLite Micro requires).
 * Starts at the model's (scale, zero point); during training the range follows an exponential moving average of
 * each batch's min and max, unless the group is fixed (the graph input, a SOFTMAX output) or ranges are frozen.
 */
final class RangeGroup {

    final int id;
    boolean fixed;
    float scale;
    int zeroPoint;
    float min;
    float max;
    /** Whether the range moved away from the model's. */
    boolean updated;

    RangeGroup(int id, float scale, int zeroPoint) {
        this.id = id;
        this.scale = scale;
        this.zeroPoint = zeroPoint;
        this.min = (-128 - zeroPoint) * scale;
        this.max = (127 - zeroPoint) * scale;
    }

    /** Moves the range towards a batch's observed range and re-derives scale and zero point as TFLite does. */
    void update(float batchMin, float batchMax, float momentum) {
        if (fixed || !(batchMin <= batchMax)) {
            return;
        }
        min = momentum * min + (1 - momentum) * batchMin;
        max = momentum * max + (1 - momentum) * batchMax;
        // The range always holds 0 exactly (zero padding and ReLU need a code for real 0).
        float lo = Math.min(min, 0f);
        float hi = Math.max(max, 0f);
        if (hi - lo < 1e-8f) {
            hi = lo + 1e-8f;
        }
        scale = (hi - lo) / 255f;
        zeroPoint = (int) Math.max(-128, Math.min(127, Math.round(-128 - lo / scale)));
        updated = true;
    }
}
