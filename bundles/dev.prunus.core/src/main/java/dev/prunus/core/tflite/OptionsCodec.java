package dev.prunus.core.tflite;

import static dev.prunus.core.tflite.TfliteSchema.*;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpOptions.AddOptions;
import dev.prunus.core.ir.OpOptions.ConcatenationOptions;
import dev.prunus.core.ir.OpOptions.Conv2DOptions;
import dev.prunus.core.ir.OpOptions.DepthwiseConv2DOptions;
import dev.prunus.core.ir.OpOptions.EmptyOptions;
import dev.prunus.core.ir.OpOptions.FullyConnectedOptions;
import dev.prunus.core.ir.OpOptions.MulOptions;
import dev.prunus.core.ir.OpOptions.NoOptions;
import dev.prunus.core.ir.OpOptions.OpaqueOptions;
import dev.prunus.core.ir.OpOptions.Pool2DOptions;
import dev.prunus.core.ir.OpOptions.ReducerOptions;
import dev.prunus.core.ir.OpOptions.ReshapeOptions;
import dev.prunus.core.ir.OpOptions.SoftmaxOptions;
import dev.prunus.core.ir.OpOptions.UnidirectionalSequenceLSTMOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Padding;
import java.util.EnumMap;
import java.util.Map;

/** Reads and writes the builtin options tables that the IR models as {@link OpOptions} records. */
final class OptionsCodec {

    static final int CONV_2D = 1;
    static final int DEPTHWISE_CONV_2D = 2;
    static final int POOL_2D = 5;
    static final int FULLY_CONNECTED = 8;
    static final int SOFTMAX = 9;
    static final int CONCATENATION = 10;
    static final int ADD = 11;
    static final int RESHAPE = 17;
    static final int MUL = 21;
    static final int PAD = 22;
    static final int REDUCER = 27;
    static final int DEQUANTIZE = 38;
    static final int UNIDIRECTIONAL_SEQUENCE_LSTM = 71;
    static final int QUANTIZE = 89;

    /** The options table each modelled operator must carry when it carries one. */
    private static final Map<OpType, Integer> EXPECTED = new EnumMap<>(OpType.class);

    static {
        EXPECTED.put(OpType.CONV_2D, CONV_2D);
        EXPECTED.put(OpType.DEPTHWISE_CONV_2D, DEPTHWISE_CONV_2D);
        EXPECTED.put(OpType.AVERAGE_POOL_2D, POOL_2D);
        EXPECTED.put(OpType.MAX_POOL_2D, POOL_2D);
        EXPECTED.put(OpType.L2_POOL_2D, POOL_2D);
        EXPECTED.put(OpType.FULLY_CONNECTED, FULLY_CONNECTED);
        EXPECTED.put(OpType.SOFTMAX, SOFTMAX);
        EXPECTED.put(OpType.CONCATENATION, CONCATENATION);
        EXPECTED.put(OpType.ADD, ADD);
        EXPECTED.put(OpType.RESHAPE, RESHAPE);
        EXPECTED.put(OpType.MUL, MUL);
        EXPECTED.put(OpType.PAD, PAD);
        EXPECTED.put(OpType.MEAN, REDUCER);
        EXPECTED.put(OpType.SUM, REDUCER);
        EXPECTED.put(OpType.REDUCE_MAX, REDUCER);
        EXPECTED.put(OpType.REDUCE_MIN, REDUCER);
        EXPECTED.put(OpType.REDUCE_PROD, REDUCER);
        EXPECTED.put(OpType.REDUCE_ANY, REDUCER);
        EXPECTED.put(OpType.REDUCE_ALL, REDUCER);
        EXPECTED.put(OpType.DEQUANTIZE, DEQUANTIZE);
        EXPECTED.put(OpType.UNIDIRECTIONAL_SEQUENCE_LSTM, UNIDIRECTIONAL_SEQUENCE_LSTM);
        EXPECTED.put(OpType.QUANTIZE, QUANTIZE);
    }

    private OptionsCodec() {
    }

    /** The options union code an operator of this type carries, or -1 when the IR does not constrain it. */
    static int expectedType(OpType type) {
        Integer code = EXPECTED.get(type);
        return code == null ? -1 : code;
    }

    /** Reads the options table {@code t} of union type {@code type}. */
    static OpOptions read(int type, TfliteSchema.Tbl t) {
        try {
            switch (type) {
                case CONV_2D:
                    return new Conv2DOptions(padding(t, CONV_PADDING), t.getInt(CONV_STRIDE_W, "stride_w", 0),
                            t.getInt(CONV_STRIDE_H, "stride_h", 0), activation(t, CONV_ACTIVATION),
                            t.getInt(CONV_DILATION_W, "dilation_w_factor", 1),
                            t.getInt(CONV_DILATION_H, "dilation_h_factor", 1),
                            t.getUbyte(CONV_QUANTIZED_BIAS_TYPE, "quantized_bias_type", 0));
                case DEPTHWISE_CONV_2D:
                    return new DepthwiseConv2DOptions(padding(t, DW_PADDING), t.getInt(DW_STRIDE_W, "stride_w", 0),
                            t.getInt(DW_STRIDE_H, "stride_h", 0), t.getInt(DW_DEPTH_MULTIPLIER, "depth_multiplier", 0),
                            activation(t, DW_ACTIVATION), t.getInt(DW_DILATION_W, "dilation_w_factor", 1),
                            t.getInt(DW_DILATION_H, "dilation_h_factor", 1));
                case POOL_2D:
                    return new Pool2DOptions(padding(t, POOL_PADDING), t.getInt(POOL_STRIDE_W, "stride_w", 0),
                            t.getInt(POOL_STRIDE_H, "stride_h", 0), t.getInt(POOL_FILTER_WIDTH, "filter_width", 0),
                            t.getInt(POOL_FILTER_HEIGHT, "filter_height", 0), activation(t, POOL_ACTIVATION));
                case FULLY_CONNECTED:
                    return new FullyConnectedOptions(activation(t, FC_ACTIVATION),
                            t.getBool(FC_KEEP_NUM_DIMS, "keep_num_dims", false),
                            t.getBool(FC_ASYMMETRIC_QUANTIZE_INPUTS, "asymmetric_quantize_inputs", false),
                            t.getUbyte(FC_WEIGHTS_FORMAT, "weights_format", 0),
                            t.getUbyte(FC_QUANTIZED_BIAS_TYPE, "quantized_bias_type", 0));
                case SOFTMAX:
                    return new SoftmaxOptions(t.getFloat(SOFTMAX_BETA, "beta", 0f));
                case CONCATENATION:
                    return new ConcatenationOptions(t.getInt(CONCAT_AXIS, "axis", 0), activation(t, CONCAT_ACTIVATION));
                case ADD:
                    return new AddOptions(activation(t, ADD_ACTIVATION),
                            t.getBool(ADD_POT_SCALE_INT16, "pot_scale_int16", true));
                case RESHAPE:
                    return new ReshapeOptions(t.intVector(RESHAPE_NEW_SHAPE, "new_shape"));
                case MUL:
                    return new MulOptions(activation(t, MUL_ACTIVATION));
                case REDUCER:
                    return new ReducerOptions(t.getBool(REDUCER_KEEP_DIMS, "keep_dims", false));
                case UNIDIRECTIONAL_SEQUENCE_LSTM:
                    return new UnidirectionalSequenceLSTMOptions(activation(t, LSTM_ACTIVATION),
                            t.getFloat(LSTM_CELL_CLIP, "cell_clip", 0f), t.getFloat(LSTM_PROJ_CLIP, "proj_clip", 0f),
                            t.getBool(LSTM_TIME_MAJOR, "time_major", false),
                            t.getBool(LSTM_ASYMMETRIC_QUANTIZE_INPUTS, "asymmetric_quantize_inputs", false),
                            t.getBool(LSTM_DIAGONAL_RECURRENT_TENSORS, "diagonal_recurrent_tensors", false));
                default:
                    return t.hasAnyField() ? new OpaqueOptions(type, false) : new EmptyOptions(type);
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(t.tableName, "", t.position(), e.getMessage());
        }
    }

    private static Padding padding(TfliteSchema.Tbl t, int id) {
        return Padding.fromTflite(t.getByte(id, "padding", 0));
    }

    private static Activation activation(TfliteSchema.Tbl t, int id) {
        return Activation.fromTflite(t.getByte(id, "fused_activation_function", 0));
    }

    /** Adds a float field unless it is +0.0 (the schema default); -0.0 and NaN are kept bit for bit. */
    private static void addFloat(FlatBufferBuilder b, int id, float value) {
        if (Float.floatToRawIntBits(value) != 0) {
            b.addFloat(value);
            b.slot(id);
        }
    }

    /**
     * Writes the options table of {@code o} and answers its offset, or 0 for {@link NoOptions}.
     *
     * @throws ModelWriteException for {@link OpaqueOptions}, whose fields the IR does not hold
     */
    static int write(FlatBufferBuilder b, OpOptions o, String where) {
        if (o instanceof NoOptions) {
            return 0;
        }
        if (o instanceof Conv2DOptions c) {
            b.startTable(CONV_FIELDS);
            b.addInt(CONV_STRIDE_W, c.strideW(), 0);
            b.addInt(CONV_STRIDE_H, c.strideH(), 0);
            b.addInt(CONV_DILATION_W, c.dilationW(), 1);
            b.addInt(CONV_DILATION_H, c.dilationH(), 1);
            b.addByte(CONV_PADDING, (byte) c.padding().tfliteCode(), 0);
            b.addByte(CONV_ACTIVATION, (byte) c.activation().tfliteCode(), 0);
            b.addByte(CONV_QUANTIZED_BIAS_TYPE, (byte) c.quantizedBiasType(), 0);
            return b.endTable();
        }
        if (o instanceof DepthwiseConv2DOptions d) {
            b.startTable(DW_FIELDS);
            b.addInt(DW_STRIDE_W, d.strideW(), 0);
            b.addInt(DW_STRIDE_H, d.strideH(), 0);
            b.addInt(DW_DEPTH_MULTIPLIER, d.depthMultiplier(), 0);
            b.addInt(DW_DILATION_W, d.dilationW(), 1);
            b.addInt(DW_DILATION_H, d.dilationH(), 1);
            b.addByte(DW_PADDING, (byte) d.padding().tfliteCode(), 0);
            b.addByte(DW_ACTIVATION, (byte) d.activation().tfliteCode(), 0);
            return b.endTable();
        }
        if (o instanceof Pool2DOptions p) {
            b.startTable(POOL_FIELDS);
            b.addInt(POOL_STRIDE_W, p.strideW(), 0);
            b.addInt(POOL_STRIDE_H, p.strideH(), 0);
            b.addInt(POOL_FILTER_WIDTH, p.filterWidth(), 0);
            b.addInt(POOL_FILTER_HEIGHT, p.filterHeight(), 0);
            b.addByte(POOL_PADDING, (byte) p.padding().tfliteCode(), 0);
            b.addByte(POOL_ACTIVATION, (byte) p.activation().tfliteCode(), 0);
            return b.endTable();
        }
        if (o instanceof FullyConnectedOptions f) {
            b.startTable(FC_FIELDS);
            b.addByte(FC_ACTIVATION, (byte) f.activation().tfliteCode(), 0);
            b.addByte(FC_WEIGHTS_FORMAT, (byte) f.weightsFormat(), 0);
            b.addBoolean(FC_KEEP_NUM_DIMS, f.keepNumDims(), false);
            b.addBoolean(FC_ASYMMETRIC_QUANTIZE_INPUTS, f.asymmetricQuantizeInputs(), false);
            b.addByte(FC_QUANTIZED_BIAS_TYPE, (byte) f.quantizedBiasType(), 0);
            return b.endTable();
        }
        if (o instanceof SoftmaxOptions s) {
            b.startTable(1);
            addFloat(b, SOFTMAX_BETA, s.beta());
            return b.endTable();
        }
        if (o instanceof ConcatenationOptions c) {
            b.startTable(2);
            b.addInt(CONCAT_AXIS, c.axis(), 0);
            b.addByte(CONCAT_ACTIVATION, (byte) c.activation().tfliteCode(), 0);
            return b.endTable();
        }
        if (o instanceof AddOptions a) {
            b.startTable(2);
            b.addByte(ADD_ACTIVATION, (byte) a.activation().tfliteCode(), 0);
            b.addBoolean(ADD_POT_SCALE_INT16, a.potScaleInt16(), true);
            return b.endTable();
        }
        if (o instanceof ReshapeOptions r) {
            int[] shape = r.newShape();
            int vec = 0;
            if (shape != null) {
                b.startVector(4, shape.length, 4);
                for (int i = shape.length - 1; i >= 0; i--) {
                    b.addInt(shape[i]);
                }
                vec = b.endVector();
            }
            b.startTable(1);
            if (shape != null) {
                b.addOffset(RESHAPE_NEW_SHAPE, vec, 0);
            }
            return b.endTable();
        }
        if (o instanceof MulOptions m) {
            b.startTable(1);
            b.addByte(MUL_ACTIVATION, (byte) m.activation().tfliteCode(), 0);
            return b.endTable();
        }
        if (o instanceof ReducerOptions r) {
            b.startTable(1);
            b.addBoolean(REDUCER_KEEP_DIMS, r.keepDims(), false);
            return b.endTable();
        }
        if (o instanceof UnidirectionalSequenceLSTMOptions l) {
            b.startTable(LSTM_FIELDS);
            addFloat(b, LSTM_CELL_CLIP, l.cellClip());
            addFloat(b, LSTM_PROJ_CLIP, l.projClip());
            b.addByte(LSTM_ACTIVATION, (byte) l.activation().tfliteCode(), 0);
            b.addBoolean(LSTM_TIME_MAJOR, l.timeMajor(), false);
            b.addBoolean(LSTM_ASYMMETRIC_QUANTIZE_INPUTS, l.asymmetricQuantizeInputs(), false);
            b.addBoolean(LSTM_DIAGONAL_RECURRENT_TENSORS, l.diagonalRecurrentTensors(), false);
            return b.endTable();
        }
        if (o instanceof EmptyOptions) {
            b.startTable(0);
            return b.endTable();
        }
        OpaqueOptions q = (OpaqueOptions) o;
        throw new ModelWriteException(where + " carries builtin options of union type " + q.builtinOptionsType()
                + (q.secondUnion() ? " (BuiltinOptions2)" : "") + " with fields Prunus does not model; such a model"
                + " can be inspected but not written");
    }
}
