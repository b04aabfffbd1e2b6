package dev.prunus.core.interp.kernels;

import dev.prunus.core.ir.Padding;

/**
 * Spatial geometry of a 2-D convolution or pool over NHWC tensors: sizes, strides, dilations and the top/left
 * padding TFLM derives (ComputePaddingHeightWidth: half of the total padding, rounded down; the odd extra
 * element goes to the bottom/right).
 *
 * @param batches  N
 * @param inH      input height
 * @param inW      input width
 * @param inC      input channels
 * @param outH     output height
 * @param outW     output width
 * @param outC     output channels
 * @param filterH  kernel height
 * @param filterW  kernel width
 * @param strideH  vertical stride
 * @param strideW  horizontal stride
 * @param dilationH vertical dilation
 * @param dilationW horizontal dilation
 * @param padH     rows of padding above the image
 * @param padW     columns of padding left of the image
 */
public record ConvGeometry(int batches, int inH, int inW, int inC, int outH, int outW, int outC, int filterH,
        int filterW, int strideH, int strideW, int dilationH, int dilationW, int padH, int padW) {

    /** TFLM ComputeOutSize: SAME gives ceil(in / stride), VALID ceil((in - effective filter + 1) / stride). */
    public static int outputSize(Padding padding, int imageSize, int filterSize, int stride, int dilation) {
        if (stride <= 0) {
            throw new IllegalArgumentException("stride must be positive, was " + stride);
        }
        if (dilation <= 0) {
            throw new IllegalArgumentException("dilation must be positive, was " + dilation);
        }
        // In long: a hostile stride or dilation must not wrap around into a plausible size.
        long effectiveFilter = (long) (filterSize - 1) * dilation + 1;
        if (stride > MAX_EXTENT) {
            throw new IllegalArgumentException("stride " + stride + " exceeds " + MAX_EXTENT + " pixels");
        }
        if (effectiveFilter > MAX_EXTENT) {
            throw new IllegalArgumentException("the filter of " + filterSize + " taps dilated by " + dilation
                    + " spans " + effectiveFilter + " pixels; at most " + MAX_EXTENT + " are supported");
        }
        return (int) switch (padding) {
            case SAME -> ((long) imageSize + stride - 1) / stride;
            case VALID -> Math.max(0, ((long) imageSize + stride - effectiveFilter) / stride);
        };
    }

    /** Largest stride or dilated filter extent accepted: far beyond any image a microcontroller handles. */
    public static final int MAX_EXTENT = 1 << 16;

    /** TFLM ComputePadding: the leading padding for one spatial axis, never negative. */
    public static int leadingPadding(int stride, int dilation, int inSize, int filterSize, int outSize) {
        int effectiveFilter = (filterSize - 1) * dilation + 1;
        int padding = ((outSize - 1) * stride + effectiveFilter - inSize) / 2;
        return Math.max(padding, 0);
    }

    /** Geometry with the padding derived from the padding mode and the output size TFLM computes. */
    public static ConvGeometry of(Padding padding, int batches, int inH, int inW, int inC, int outC, int filterH,
            int filterW, int strideH, int strideW, int dilationH, int dilationW) {
        int outH = outputSize(padding, inH, filterH, strideH, dilationH);
        int outW = outputSize(padding, inW, filterW, strideW, dilationW);
        int padH = leadingPadding(strideH, dilationH, inH, filterH, outH);
        int padW = leadingPadding(strideW, dilationW, inW, filterW, outW);
        return new ConvGeometry(batches, inH, inW, inC, outH, outW, outC, filterH, filterW, strideH, strideW,
                dilationH, dilationW, padH, padW);
    }

    /** Multiply-accumulates of a dense convolution with this geometry (each output times the taps times Cin). */
    public long convMacs() {
        return (long) batches * outH * outW * outC * filterH * filterW * inC;
    }
}
