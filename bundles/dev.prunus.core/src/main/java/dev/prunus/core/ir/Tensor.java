package dev.prunus.core.ir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * One tensor of a {@link Graph}: its element type, static shape, quantization and, for constants, its data
 * (little-endian, row-major as in the TFLite file). Immutable: arrays are copied in and out; {@code with...}
 * methods return changed copies.
 */
public final class Tensor {

    private final int index;
    private final String name;
    private final TensorType type;
    private final int[] shape;
    private final int[] shapeSignature;
    private final boolean hasRank;
    private final Quantization quantization;
    private final boolean variable;
    private final byte[] data;
    private final int elementCount;

    /**
     * @param index          position in the graph's tensor list
     * @param name           debug name (never null; empty when the file has none)
     * @param type           element type
     * @param shape          static shape, every dimension &gt;= 0
     * @param shapeSignature shape with -1 for unknown dimensions, or null when the file records none
     * @param hasRank        the file's {@code has_rank} flag (distinguishes scalars from unknown rank)
     * @param quantization   quantization, {@link Quantization#NONE} when absent
     * @param variable       whether the tensor is a variable (state kept across invocations)
     * @param data           constant data (or a variable's initial value), null when the tensor has no buffer
     * @throws IllegalArgumentException when the shape is negative or too large, or the data length does not match
     */
    public Tensor(int index, String name, TensorType type, int[] shape, int[] shapeSignature, boolean hasRank,
            Quantization quantization, boolean variable, byte[] data) {
        if (index < 0) {
            throw new IllegalArgumentException("tensor index must not be negative, was " + index);
        }
        this.index = index;
        this.name = name == null ? "" : name;
        this.type = Objects.requireNonNull(type, "type");
        this.shape = Objects.requireNonNull(shape, "shape").clone();
        this.shapeSignature = shapeSignature == null ? null : shapeSignature.clone();
        this.hasRank = hasRank;
        this.quantization = quantization == null ? Quantization.NONE : quantization;
        this.variable = variable;
        this.data = data == null ? null : data.clone();
        long count = 1;
        for (int d : this.shape) {
            if (d < 0) {
                throw new IllegalArgumentException("tensor " + index + " '" + this.name + "' has a negative dimension in shape "
                        + Arrays.toString(this.shape));
            }
            count *= d;
            if (count * Math.max(1, type.byteSize()) > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("tensor " + index + " '" + this.name + "' shape " + Arrays.toString(this.shape)
                        + " needs more than 2 GB");
            }
        }
        this.elementCount = (int) count;
        if (this.data != null && type.hasFixedByteSize() && (long) elementCount * type.byteSize() != this.data.length) {
            throw new IllegalArgumentException("tensor " + index + " '" + this.name + "' of type " + type + " and shape "
                    + Arrays.toString(this.shape) + " needs " + (long) elementCount * type.byteSize() + " data bytes, has "
                    + this.data.length);
        }
    }

    /** A non-constant tensor without shape signature (convenience for building graphs). */
    public static Tensor activation(int index, String name, TensorType type, int[] shape, Quantization quantization) {
        return new Tensor(index, name, type, shape, null, false, quantization, false, null);
    }

    /** A constant tensor (convenience for building graphs). */
    public static Tensor constant(int index, String name, TensorType type, int[] shape, Quantization quantization,
            byte[] data) {
        return new Tensor(index, name, type, shape, null, false, quantization, false, Objects.requireNonNull(data, "data"));
    }

    public int index() {
        return index;
    }

    public String name() {
        return name;
    }

    public TensorType type() {
        return type;
    }

    /** The static shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Rank of the static shape. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i} of the static shape; negative {@code i} counts from the end. */
    public int dim(int i) {
        return shape[i < 0 ? shape.length + i : i];
    }

    /** The shape signature (-1 = unknown dimension), a copy; null when the file records none. */
    public int[] shapeSignature() {
        return shapeSignature == null ? null : shapeSignature.clone();
    }

    /** The file's {@code has_rank} flag. */
    public boolean hasRank() {
        return hasRank;
    }

    public Quantization quantization() {
        return quantization;
    }

    public boolean isVariable() {
        return variable;
    }

    /** Whether the tensor holds constant data (weights, biases, shape operands): has data and is not a variable. */
    public boolean isConstant() {
        return data != null && !variable;
    }

    /** Whether a buffer with data is attached (constants, and variables with an initial value). */
    public boolean hasData() {
        return data != null;
    }

    /** A copy of the data bytes, or null when the tensor has no data. */
    public byte[] data() {
        return data == null ? null : data.clone();
    }

    /** A read-only little-endian view of the data (no copy), or null when the tensor has no data. */
    public ByteBuffer dataView() {
        return data == null ? null : ByteBuffer.wrap(data).asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Product of the static shape (1 for a scalar). */
    public int elementCount() {
        return elementCount;
    }

    /**
     * Bytes the tensor occupies: elements times element size, or the data length for types without a fixed
     * element size (0 when such a tensor has no data).
     */
    public int byteSize() {
        if (type.hasFixedByteSize()) {
            return elementCount * type.byteSize();
        }
        return data == null ? 0 : data.length;
    }

    public Tensor withIndex(int newIndex) {
        return new Tensor(newIndex, name, type, shape, shapeSignature, hasRank, quantization, variable, data);
    }

    public Tensor withName(String newName) {
        return new Tensor(index, newName, type, shape, shapeSignature, hasRank, quantization, variable, data);
    }

    /**
     * A copy with a new shape. A recorded shape signature is replaced by the new shape, except that dimensions the
     * old signature marked unknown (-1) stay unknown when the rank is unchanged. Data is kept, so the new shape must
     * match its length.
     */
    public Tensor withShape(int[] newShape) {
        int[] sig = null;
        if (shapeSignature != null) {
            sig = newShape.clone();
            if (shapeSignature.length == newShape.length) {
                for (int i = 0; i < sig.length; i++) {
                    if (shapeSignature[i] < 0) {
                        sig[i] = shapeSignature[i];
                    }
                }
            }
        }
        return new Tensor(index, name, type, newShape, sig, hasRank, quantization, variable, data);
    }

    /** A copy with a new shape and new data at once (channel removal changes both). */
    public Tensor withShapeAndData(int[] newShape, byte[] newData) {
        return withData(null).withShape(newShape).withData(newData);
    }

    /**
     * A constant tensor keeping only the slices {@code indices} (in that order) along {@code axis}; per-channel
     * quantization along that axis keeps the matching scales. Channel pruning removes filters and input channels
     * this way.
     */
    public Tensor selectAlong(int axis, int[] indices) {
        int[] newShape = shape();
        int elem = type.byteSize();
        int outer = 1;
        for (int i = 0; i < axis; i++) {
            outer *= newShape[i];
        }
        int inner = elem;
        for (int i = axis + 1; i < newShape.length; i++) {
            inner *= newShape[i];
        }
        int n = newShape[axis];
        byte[] src = data();
        byte[] dst = new byte[outer * indices.length * inner];
        for (int o = 0; o < outer; o++) {
            for (int k = 0; k < indices.length; k++) {
                System.arraycopy(src, (o * n + indices[k]) * inner, dst, (o * indices.length + k) * inner, inner);
            }
        }
        newShape[axis] = indices.length;
        Tensor out = withShapeAndData(newShape, dst);
        Quantization q = quantization;
        if (q.perChannel() && q.channelCount() == n && (q.quantizedDimension() == axis || newShape.length == 1)) {
            out = out.withQuantization(q.selectChannels(indices));
        }
        return out;
    }

    /** A copy with new data (null removes the data). The length must match the shape. */
    public Tensor withData(byte[] newData) {
        return new Tensor(index, name, type, shape, shapeSignature, hasRank, quantization, variable, newData);
    }

    public Tensor withQuantization(Quantization newQuantization) {
        return new Tensor(index, name, type, shape, shapeSignature, hasRank, newQuantization, variable, data);
    }

    public Tensor withType(TensorType newType) {
        return new Tensor(index, name, newType, shape, shapeSignature, hasRank, quantization, variable,
                newType.hasFixedByteSize() && data != null && elementCount * newType.byteSize() != data.length ? null : data);
    }

    public Tensor withVariable(boolean newVariable) {
        return new Tensor(index, name, type, shape, shapeSignature, hasRank, quantization, newVariable, data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && index == t.index && hasRank == t.hasRank && variable == t.variable
                && type == t.type && name.equals(t.name) && Arrays.equals(shape, t.shape)
                && Arrays.equals(shapeSignature, t.shapeSignature) && quantization.equals(t.quantization)
                && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, name, type, Arrays.hashCode(shape), quantization, variable, Arrays.hashCode(data));
    }

    @Override
    public String toString() {
        return "tensor " + index + " '" + name + "' " + type + Arrays.toString(shape)
                + (isConstant() ? " const" : "") + (variable ? " variable" : "")
                + (quantization.isQuantized() ? " q(" + quantization + ")" : "");
    }
}
