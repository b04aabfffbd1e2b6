package dev.prunus.core.ir;

import java.util.Arrays;

/**
 * The builtin options of an operator, one record per options table of the TFLite schema that Prunus models.
 * Field defaults follow the schema. Every record answers the code of its table in the schema's
 * {@code union BuiltinOptions} through {@link #builtinOptionsType()}, which the writer needs. The records here
 * are the ones several layers use; an operator added later may declare its record beside its definition in
 * {@code dev.prunus.core.ops}, whose codecs decode and encode every table (so the interface is not sealed).
 */
public interface OpOptions {

    /** Union type code of {@code BuiltinOptions} (0 = NONE). */
    int builtinOptionsType();

    /** Conv2DOptions (union code 1). {@code quantizedBiasType} is the schema's raw TensorType code (0 = unset). */
    record Conv2DOptions(Padding padding, int strideW, int strideH, Activation activation, int dilationW, int dilationH,
            int quantizedBiasType) implements OpOptions {
        public Conv2DOptions(Padding padding, int strideW, int strideH, Activation activation, int dilationW,
                int dilationH) {
            this(padding, strideW, strideH, activation, dilationW, dilationH, 0);
        }

        @Override
        public int builtinOptionsType() {
            return 1;
        }
    }

    /** DepthwiseConv2DOptions (union code 2). */
    record DepthwiseConv2DOptions(Padding padding, int strideW, int strideH, int depthMultiplier, Activation activation,
            int dilationW, int dilationH) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 2;
        }
    }

    /** Pool2DOptions (union code 5), used by AVERAGE_POOL_2D, MAX_POOL_2D and L2_POOL_2D. */
    record Pool2DOptions(Padding padding, int strideW, int strideH, int filterWidth, int filterHeight,
            Activation activation) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 5;
        }
    }

    /**
     * FullyConnectedOptions (union code 8). {@code weightsFormat}: 0 DEFAULT, 1 SHUFFLED4x16INT8;
     * {@code quantizedBiasType}: raw TensorType code, 0 = unset.
     */
    record FullyConnectedOptions(Activation activation, boolean keepNumDims, boolean asymmetricQuantizeInputs,
            int weightsFormat, int quantizedBiasType) implements OpOptions {
        public FullyConnectedOptions(Activation activation, boolean keepNumDims, boolean asymmetricQuantizeInputs) {
            this(activation, keepNumDims, asymmetricQuantizeInputs, 0, 0);
        }

        @Override
        public int builtinOptionsType() {
            return 8;
        }
    }

    /** SoftmaxOptions (union code 9). */
    record SoftmaxOptions(float beta) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 9;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof SoftmaxOptions s && Float.floatToIntBits(beta) == Float.floatToIntBits(s.beta);
        }

        @Override
        public int hashCode() {
            return Float.floatToIntBits(beta);
        }
    }

    /** ConcatenationOptions (union code 10). */
    record ConcatenationOptions(int axis, Activation activation) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 10;
        }
    }

    /** AddOptions (union code 11). {@code potScaleInt16} defaults to true in the schema. */
    record AddOptions(Activation activation, boolean potScaleInt16) implements OpOptions {
        public AddOptions(Activation activation) {
            this(activation, true);
        }

        @Override
        public int builtinOptionsType() {
            return 11;
        }
    }

    /** ReshapeOptions (union code 17). {@code newShape} is null when the table has no new_shape vector. */
    record ReshapeOptions(int[] newShape) implements OpOptions {
        public ReshapeOptions {
            newShape = newShape == null ? null : newShape.clone();
        }

        @Override
        public int[] newShape() {
            return newShape == null ? null : newShape.clone();
        }

        @Override
        public int builtinOptionsType() {
            return 17;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReshapeOptions r && Arrays.equals(newShape, r.newShape);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(newShape);
        }

        @Override
        public String toString() {
            return "ReshapeOptions[newShape=" + Arrays.toString(newShape) + "]";
        }
    }

    /** MulOptions (union code 21). */
    record MulOptions(Activation activation) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 21;
        }
    }

    /** ReducerOptions (union code 27), used by MEAN, SUM, REDUCE_MAX, ... */
    record ReducerOptions(boolean keepDims) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 27;
        }
    }

    /** UnidirectionalSequenceLSTMOptions (union code 71). Clip values 0 mean "no clipping". */
    record UnidirectionalSequenceLSTMOptions(Activation activation, float cellClip, float projClip, boolean timeMajor,
            boolean asymmetricQuantizeInputs, boolean diagonalRecurrentTensors) implements OpOptions {
        @Override
        public int builtinOptionsType() {
            return 71;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UnidirectionalSequenceLSTMOptions l && activation == l.activation
                    && Float.floatToIntBits(cellClip) == Float.floatToIntBits(l.cellClip)
                    && Float.floatToIntBits(projClip) == Float.floatToIntBits(l.projClip) && timeMajor == l.timeMajor
                    && asymmetricQuantizeInputs == l.asymmetricQuantizeInputs
                    && diagonalRecurrentTensors == l.diagonalRecurrentTensors;
        }

        @Override
        public int hashCode() {
            return activation.hashCode() * 31 + Float.floatToIntBits(cellClip) + (timeMajor ? 1 : 0);
        }
    }

    /** The operator carries no options table (LOGISTIC, RELU, TANH, ... and operators written without one). */
    record NoOptions() implements OpOptions {
        public static final NoOptions INSTANCE = new NoOptions();

        @Override
        public int builtinOptionsType() {
            return 0;
        }
    }

    /**
     * An options table whose fields are all absent (schema defaults), of a type Prunus does not model with a record
     * (PadOptions, DequantizeOptions, QuantizeOptions, ...). Kept so the writer reproduces the table.
     */
    record EmptyOptions(int builtinOptionsType) implements OpOptions {
    }

    /**
     * An options table that sets fields Prunus does not model (an operator outside the supported set, or a table in
     * the schema's second union {@code BuiltinOptions2} when {@code secondUnion}). The reader keeps it so that
     * inspection works; the writer refuses it, because it cannot reproduce the fields.
     */
    record OpaqueOptions(int builtinOptionsType, boolean secondUnion) implements OpOptions {
    }
}
