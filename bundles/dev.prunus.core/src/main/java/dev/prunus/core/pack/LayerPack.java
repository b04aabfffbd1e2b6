package dev.prunus.core.pack;

import dev.prunus.core.ir.OpType;

/**
 * The packing decision for one operator.
 *
 * @param operatorIndex     operator index in the graph
 * @param operatorName      the operator's display name
 * @param type              operator type
 * @param format            the chosen format (DENSE for operators without a sparse form)
 * @param kernel            the C kernel that runs the layer in that format, null for operators other than
 *                          CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED
 * @param denseWeightBytes  bytes of the dense weight tensor (0 for operators without weights)
 * @param weightBytes       weight bytes in the chosen format (without index)
 * @param indexBytes        index (mask) bytes of the chosen format, 0 when dense
 * @param filterlets        filterlets of the dense filter (KxK convolutions with 2..32 taps), else 0
 * @param zeroFilterlets    filterlets whose weights are all zero
 * @param blocks4           blocks of 4 along Cin (1x1 convolutions and fully connected layers), else 0
 * @param zeroBlocks4       all-zero blocks of 4
 * @param blocks8           blocks of 8 along Cin, else 0
 * @param zeroBlocks8       all-zero blocks of 8
 * @param macs              nominal multiply-accumulates of the dense layer
 * @param instructions      estimated executed instructions per inference in the chosen format
 * @param denseInstructions estimated executed instructions per inference of the dense kernel
 */
public record LayerPack(int operatorIndex, String operatorName, OpType type, PackFormat format, Kernel kernel,
        long denseWeightBytes, long weightBytes, long indexBytes, int filterlets, int zeroFilterlets, int blocks4,
        int zeroBlocks4, int blocks8, int zeroBlocks8, long macs, long instructions, long denseInstructions) {

    /** Weight plus index bytes in the chosen format. */
    public long packedBytes() {
        return weightBytes + indexBytes;
    }
}
