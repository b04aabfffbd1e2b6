package dev.prunus.core.interp;

import dev.prunus.core.ir.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The interpreter's tensor buffers: one Java array per tensor in its element type (byte[] INT8, short[] INT16,
 * int[] INT32, float[] FLOAT32), and their conversion from and to the little-endian bytes of a TFLite buffer.
 */
final class TensorBuffers {

    private TensorBuffers() {
    }

    /** A zeroed buffer for the tensor's elements. */
    static Object allocate(Tensor t) {
        int n = t.elementCount();
        return switch (t.type()) {
            case INT8 -> new byte[n];
            case INT16 -> new short[n];
            case INT32 -> new int[n];
            case FLOAT32 -> new float[n];
            default -> throw new IllegalStateException("no buffer type for " + t);
        };
    }

    /** Fills a buffer from little-endian bytes (a constant's data, an input record). */
    static void fromBytes(byte[] src, Object dst) {
        if (dst instanceof byte[] b) {
            System.arraycopy(src, 0, b, 0, b.length);
            return;
        }
        ByteBuffer bb = ByteBuffer.wrap(src).order(ByteOrder.LITTLE_ENDIAN);
        if (dst instanceof short[] s) {
            bb.asShortBuffer().get(s);
        } else if (dst instanceof int[] i) {
            bb.asIntBuffer().get(i);
        } else if (dst instanceof float[] f) {
            bb.asFloatBuffer().get(f);
        }
    }

    /** The little-endian bytes of a buffer (an output, a traced tensor). */
    static byte[] toBytes(Object src) {
        if (src instanceof byte[] b) {
            return b.clone();
        }
        if (src instanceof short[] s) {
            ByteBuffer bb = ByteBuffer.allocate(s.length * 2).order(ByteOrder.LITTLE_ENDIAN);
            bb.asShortBuffer().put(s);
            return bb.array();
        }
        if (src instanceof int[] i) {
            ByteBuffer bb = ByteBuffer.allocate(i.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bb.asIntBuffer().put(i);
            return bb.array();
        }
        float[] f = (float[]) src;
        ByteBuffer bb = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(f);
        return bb.array();
    }
}
