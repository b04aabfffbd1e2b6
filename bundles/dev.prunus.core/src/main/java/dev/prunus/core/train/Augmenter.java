package dev.prunus.core.train;

import java.util.SplittableRandom;

/**
 * Image augmentation on one NHWC sample in place: random crop after zero padding (a random shift of up to
 * {@code padding} pixels each way, uncovered pixels 0) and random horizontal flip. Each sample draws from its own
 * generator, seeded by (seed, epoch, position in the epoch), so results do not depend on threads.
 */
final class Augmenter {

    private final int height;
    private final int width;
    private final int channels;
    private final boolean crop;
    private final int padding;
    private final boolean flip;
    private final long seed;

    Augmenter(int[] inputShape, boolean crop, int padding, boolean flip, long seed) {
        boolean image = inputShape.length == 4 && inputShape[1] > 1 && inputShape[2] > 1;
        this.height = image ? inputShape[1] : 0;
        this.width = image ? inputShape[2] : 0;
        this.channels = image ? inputShape[3] : 0;
        this.crop = image && crop && padding > 0;
        this.padding = padding;
        this.flip = image && flip;
        this.seed = seed;
    }

    boolean active() {
        return crop || flip;
    }

    /** Augments {@code x[offset ..]} using {@code tmp} (at least one sample long). */
    void apply(float[] x, int offset, float[] tmp, int epoch, int position) {
        if (!active()) {
            return;
        }
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + position);
        int dy = crop ? r.nextInt(2 * padding + 1) - padding : 0;
        int dx = crop ? r.nextInt(2 * padding + 1) - padding : 0;
        boolean mirror = flip && r.nextBoolean();
        if (dy == 0 && dx == 0 && !mirror) {
            return;
        }
        int size = height * width * channels;
        System.arraycopy(x, offset, tmp, 0, size);
        for (int h = 0; h < height; h++) {
            int sh = h + dy;
            for (int w = 0; w < width; w++) {
                int sw = (mirror ? width - 1 - w : w) + dx;
                int dst = offset + (h * width + w) * channels;
                if (sh < 0 || sh >= height || sw < 0 || sw >= width) {
                    for (int c = 0; c < channels; c++) {
                        x[dst + c] = 0;
                    }
                } else {
                    System.arraycopy(tmp, (sh * width + sw) * channels, x, dst, channels);
                }
            }
        }
    }
}
