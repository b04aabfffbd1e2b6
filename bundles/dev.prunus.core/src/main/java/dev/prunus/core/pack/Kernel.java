package dev.prunus.core.pack;

/**
 * The C kernels of the Prunus runtime that a convolution or fully connected layer can run on, with the runtime
 * source files each needs (paths relative to the runtime's {@code c/} folder).
 */
public enum Kernel {
    CONV("pn_conv_s8", "src/pn_conv_s8.c", "src/pn_gemm_s8.c"),
    CONV_1X1("pn_conv_s8_1x1", "src/pn_conv_s8_1x1.c", "src/pn_gemm_s8.c"),
    CONV_3X3("pn_conv_s8_3x3", "src/pn_conv_s8_3x3.c", "src/pn_gemm_s8.c"),
    DEPTHWISE("pn_depthwise_conv_s8", "src/pn_depthwise_conv_s8.c"),
    DEPTHWISE_3X3("pn_depthwise_conv_s8_3x3", "src/pn_depthwise_conv_s8_3x3.c"),
    FULLY_CONNECTED("pn_fully_connected_s8", "src/pn_fully_connected_s8.c", "src/pn_gemm_s8.c"),
    FULLY_CONNECTED_PER_CHANNEL("pn_fully_connected_s8_per_channel", "src/pn_fully_connected_s8_per_channel.c",
            "src/pn_gemm_s8.c"),
    CONV_FILTERLET("pn_convolve_filterlet_s8", "src/pn_convolve_filterlet_s8.c"),
    CONV_1X1_BLOCK("pn_convolve_1x1_block_s8", "src/pn_convolve_1x1_block_s8.c", "src/pn_block_gemm_s8.c"),
    FULLY_CONNECTED_BLOCK("pn_fully_connected_block_s8", "src/pn_fully_connected_block_s8.c",
            "src/pn_block_gemm_s8.c");

    private final String function;
    private final String[] sources;

    Kernel(String function, String... sources) {
        this.function = function;
        this.sources = sources;
    }

    /** The C function name. */
    public String function() {
        return function;
    }

    /** Runtime source files (relative to {@code c/}) the kernel needs, its own file first. */
    public String[] sources() {
        return sources.clone();
    }
}
