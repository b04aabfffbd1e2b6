package dev.prunus.core.data;

import java.util.Arrays;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;

/**
 * What a model takes and gives, as the data readers need it: the input tensor's shape, type and quantization,
 * and the number of classes (the last dimension of output 0).
 *
 * @param shape     the input tensor's shape, batch first
 * @param type      INT8 (quantized) or FLOAT32
 * @param scale     the input quantization's scale (0 for FLOAT32)
 * @param zeroPoint the input quantization's zero point (0 for FLOAT32)
 * @param classes   values of output 0 per sample: the class count of a classifier
 */
public record InputSpec(int[] shape, TensorType type, double scale, int zeroPoint, int classes) {

    public InputSpec {
        shape = shape.clone();
        if (type != TensorType.INT8 && type != TensorType.FLOAT32) {
            throw new DataException(DataException.Problem.SHAPE, null, "the model's input is " + type
                    + "; labelled data can feed INT8 and FLOAT32 inputs only");
        }
        if (type == TensorType.INT8 && !(scale > 0)) {
            throw new DataException(DataException.Problem.SHAPE, null,
                    "the model's INT8 input has no quantization scale; re-convert it with full-integer quantization");
        }
    }

    /** The first input and output of a model's main graph. */
    public static InputSpec of(Model model) {
        Graph g = model.main();
        if (g.inputs().length != 1) {
            throw new DataException(DataException.Problem.SHAPE, null, "the model has " + g.inputs().length
                    + " inputs; labelled data feeds models with one input");
        }
        Tensor in = g.tensor(g.inputs()[0]);
        Tensor out = g.tensor(g.outputs()[0]);
        int[] outShape = out.shape();
        int classes = outShape.length == 0 ? 1 : outShape[outShape.length - 1];
        boolean quantized = in.type() == TensorType.INT8 && in.quantization().isQuantized();
        return new InputSpec(in.shape(), in.type(), quantized ? in.quantization().scale(0) : 0,
                quantized ? (int) in.quantization().zeroPoint(0) : 0, classes);
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Values in one sample (the product of the shape). */
    public int elementCount() {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    /** Bytes of one input tensor. */
    public int byteSize() {
        return elementCount() * type.byteSize();
    }

    /** Whether the shape is an image: [1, H, W, C] with C 1 or 3, or [1, H, W] (grayscale). */
    public boolean isImage() {
        return (shape.length == 4 && shape[0] == 1 && (shape[3] == 1 || shape[3] == 3))
                || (shape.length == 3 && shape[0] == 1);
    }

    /** Image height (rows); only for {@link #isImage()}. */
    public int height() {
        return shape[1];
    }

    /** Image width (columns); only for {@link #isImage()}. */
    public int width() {
        return shape[2];
    }

    /** Channels of the innermost dimension: the image's 1 or 3, else 1 (per-channel statistics use it). */
    public int channels() {
        return shape.length == 4 ? shape[3] : 1;
    }

    /** Smallest real value the input can represent. */
    public double realMin() {
        return type == TensorType.INT8 ? scale * (-128 - zeroPoint) : Double.NEGATIVE_INFINITY;
    }

    /** Largest real value the input can represent. */
    public double realMax() {
        return type == TensorType.INT8 ? scale * (127 - zeroPoint) : Double.POSITIVE_INFINITY;
    }

    /** Shape as the README and the errors write it: [1, 32, 32, 3]. */
    public String shapeText() {
        return Arrays.toString(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputSpec s && Arrays.equals(shape, s.shape) && type == s.type && scale == s.scale
                && zeroPoint == s.zeroPoint && classes == s.classes;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + type.hashCode();
    }

    @Override
    public String toString() {
        return type + " " + shapeText() + (type == TensorType.INT8 ? " s=" + (float) scale + " zp=" + zeroPoint : "")
                + ", " + classes + " outputs";
    }
}
