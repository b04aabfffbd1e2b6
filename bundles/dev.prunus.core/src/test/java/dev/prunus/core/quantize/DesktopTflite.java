package dev.prunus.core.quantize;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.tensorflow.lite.Interpreter;

/** Desktop TFLite 2.6.2 (through DJL, offline, 1 thread, XNNPACK off) on float32 single-input models. */
final class DesktopTflite {

    private DesktopTflite() {
    }

    static void load() {
        // Extracts libtensorflowlite_jni.so from the native jar into DJL's cache and loads it; downloads nothing.
        ai.djl.engine.Engine.getEngine("TFLite");
    }

    /** Runs {@code model} once per input; returns the float outputs. */
    static float[][] run(byte[] model, float[][] inputs) {
        ByteBuffer modelBuffer = ByteBuffer.allocateDirect(model.length).order(ByteOrder.nativeOrder());
        modelBuffer.put(model).rewind();
        float[][] result = new float[inputs.length][];
        try (Interpreter interpreter = new Interpreter(modelBuffer,
                new Interpreter.Options().setNumThreads(1).setUseXNNPACK(false))) {
            for (int i = 0; i < inputs.length; i++) {
                ByteBuffer in = ByteBuffer.allocateDirect(4 * inputs[i].length).order(ByteOrder.nativeOrder());
                in.asFloatBuffer().put(inputs[i]);
                ByteBuffer out = ByteBuffer.allocateDirect(interpreter.getOutputTensor(0).numBytes())
                        .order(ByteOrder.nativeOrder());
                interpreter.run(in, out);
                out.rewind();
                result[i] = new float[out.capacity() / 4];
                out.asFloatBuffer().get(result[i]);
            }
        }
        return result;
    }
}
