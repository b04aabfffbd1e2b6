package dev.prunus.core.analysis;

import java.util.Arrays;
import java.util.List;

/**
 * An offline placement of a graph's non-constant tensors and kernel scratch buffers in one arena, as produced by
 * {@link MemoryPlanner}. Every offset is a multiple of {@link MemoryPlanner#ALIGNMENT}. Tensors that share memory
 * (a RESHAPE output and its input, an elementwise output written over its input) have the same offset.
 *
 * <p>Two parts: the reused part {@code [0, persistentOffset())} holds activations and scratch, whose bytes are
 * reused within an invocation and mean nothing between invocations; the persistent part
 * {@code [persistentOffset(), arenaBytes())} holds the variable tensors (state kept from one invocation to the
 * next) and the state flag word, and is empty for a model without variables.
 */
public final class ArenaPlan {

    /** A kernel's temporary buffer, live only while its operator runs. */
    public record Scratch(int operatorIndex, int offset, int size, String formula) {
    }

    private final int[] offsets;
    private final int[] sizes;
    private final int[] aliasOf;
    private final List<Scratch> scratch;
    private final int arenaBytes;
    private final int persistentOffset;
    private final int stateFlagOffset;

    ArenaPlan(int[] offsets, int[] sizes, int[] aliasOf, List<Scratch> scratch, int arenaBytes, int persistentOffset,
            int stateFlagOffset) {
        this.offsets = offsets;
        this.sizes = sizes;
        this.aliasOf = aliasOf;
        this.scratch = List.copyOf(scratch);
        this.arenaBytes = arenaBytes;
        this.persistentOffset = persistentOffset;
        this.stateFlagOffset = stateFlagOffset;
    }

    /** Arena offset of a tensor, or -1 when the tensor is not in the arena (constants, unused or empty tensors). */
    public int offset(int tensorIndex) {
        return offsets[tensorIndex];
    }

    /** Bytes the tensor occupies in the arena (its byte size), 0 when it is not in the arena. */
    public int size(int tensorIndex) {
        return sizes[tensorIndex];
    }

    public boolean isPlanned(int tensorIndex) {
        return offsets[tensorIndex] >= 0;
    }

    /**
     * The tensor whose buffer this tensor reuses in place (the RESHAPE input, or the elementwise input it
     * overwrites), following chains to the first; the tensor itself when it has its own buffer; -1 when unplanned.
     */
    public int aliasOf(int tensorIndex) {
        return aliasOf[tensorIndex];
    }

    /** Kernel scratch buffers in operator order (only operators that need one). */
    public List<Scratch> scratch() {
        return scratch;
    }

    /** Total scratch bytes requested (the sum, although scratch buffers of different operators may overlap). */
    public int scratchBytes() {
        int sum = 0;
        for (Scratch s : scratch) {
            sum += s.size();
        }
        return sum;
    }

    /** Bytes the whole arena needs: activations, scratch and the persistent part, with alignment. */
    public int arenaBytes() {
        return arenaBytes;
    }

    /** Where the persistent part starts: the bytes of the reused part (activations and scratch). */
    public int persistentOffset() {
        return persistentOffset;
    }

    /** Bytes of the persistent part (variable tensors and the state flag, aligned), 0 without variables. */
    public int persistentBytes() {
        return arenaBytes - persistentOffset;
    }

    /**
     * Offset of the {@link MemoryPlanner#STATE_FLAG_BYTES}-byte word in the persistent part that tells the generated
     * code whether the variables were initialised in this arena, -1 when the graph has no variables.
     */
    public int stateFlagOffset() {
        return stateFlagOffset;
    }

    /** Sum of the aligned sizes of the tensors placed in their own buffer (what a plan without reuse would need). */
    public long unsharedBytes() {
        long sum = 0;
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] >= 0 && aliasOf[i] == i) {
                sum += MemoryPlanner.align(sizes[i]);
            }
        }
        for (Scratch s : scratch) {
            sum += MemoryPlanner.align(s.size());
        }
        return sum;
    }

    @Override
    public String toString() {
        return "arena " + arenaBytes + " B (" + Arrays.stream(offsets).filter(o -> o >= 0).count() + " tensors, "
                + scratch.size() + " scratch buffers, persistent " + persistentBytes() + " B)";
    }
}
