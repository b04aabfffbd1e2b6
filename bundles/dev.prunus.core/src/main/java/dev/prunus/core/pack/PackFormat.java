package dev.prunus.core.pack;

/** How the weights of one convolution or fully connected layer are stored and executed. */
public enum PackFormat {
    /** The dense weight tensor and a dense kernel. */
    DENSE,
    /** Filterlet-sparse KxK convolution (docs/sparse-format.md, section 1): uint16 tap masks + kept filterlets. */
    FILTERLET,
    /** Block-sparse 1x1 convolution or fully connected layer with blocks of 4 input channels (section 2). */
    BLOCK4,
    /** Block-sparse 1x1 convolution or fully connected layer with blocks of 8 input channels (section 2). */
    BLOCK8;

    /** Block size of a block format, 0 for the others. */
    public int blockSize() {
        return this == BLOCK4 ? 4 : this == BLOCK8 ? 8 : 0;
    }

    public boolean isSparse() {
        return this != DENSE;
    }
}
