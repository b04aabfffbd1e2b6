package dev.prunus.core.pack;

import java.util.List;
import java.util.Optional;

/**
 * Whole-model packing plan for one target core: one {@link LayerPack} per operator, in execution order.
 *
 * <p>{@link #totalFlashBytes()} counts the constant data the generated C stores in flash: every constant tensor
 * at its byte size except convolution / fully connected weights, which count in their chosen format (weights plus
 * index), plus the per-channel requantization arrays (multiplier and shift, 8 bytes per output channel) of every
 * convolution, depthwise convolution and per-channel fully connected layer. Code size is not included (it depends
 * on the compiler; the validation command measures it from the linked image).
 */
public final class PackPlan {

    private final String core;
    private final List<LayerPack> layers;
    private final long otherConstantBytes;
    private final long requantBytes;

    PackPlan(String core, List<LayerPack> layers, long otherConstantBytes, long requantBytes) {
        this.core = core;
        this.layers = List.copyOf(layers);
        this.otherConstantBytes = otherConstantBytes;
        this.requantBytes = requantBytes;
    }

    /** The core the plan was made for ("m4" or "m7"). */
    public String core() {
        return core;
    }

    /** One entry per operator, in execution order. */
    public List<LayerPack> layers() {
        return layers;
    }

    /** The entry of an operator. */
    public Optional<LayerPack> layer(int operatorIndex) {
        return operatorIndex >= 0 && operatorIndex < layers.size() ? Optional.of(layers.get(operatorIndex))
                : Optional.empty();
    }

    /** Weight bytes of all layers in their chosen formats, without index. */
    public long weightBytes() {
        return layers.stream().mapToLong(LayerPack::weightBytes).sum();
    }

    /** Index (mask) bytes of all sparse layers. */
    public long indexBytes() {
        return layers.stream().mapToLong(LayerPack::indexBytes).sum();
    }

    /** Bias and other constant tensors that are not conv / fully connected weights. */
    public long otherConstantBytes() {
        return otherConstantBytes;
    }

    /** Per-channel multiplier and shift arrays. */
    public long requantBytes() {
        return requantBytes;
    }

    /** All constant data in flash: weights + index + other constants + requantization arrays (no code). */
    public long totalFlashBytes() {
        return weightBytes() + indexBytes() + otherConstantBytes + requantBytes;
    }

    /** Estimated executed instructions of one inference (sum over the operators). */
    public long instructions() {
        return layers.stream().mapToLong(LayerPack::instructions).sum();
    }

    /** Estimated executed instructions of one inference with every layer dense. */
    public long denseInstructions() {
        return layers.stream().mapToLong(LayerPack::denseInstructions).sum();
    }

    /** Layers stored in a sparse format. */
    public long sparseLayerCount() {
        return layers.stream().filter(l -> l.format().isSparse()).count();
    }
}
