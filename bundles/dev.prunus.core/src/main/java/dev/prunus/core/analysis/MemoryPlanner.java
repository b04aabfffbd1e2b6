package dev.prunus.core.analysis;

import dev.prunus.core.PrunusException;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.pack.PackPlan;
import dev.prunus.core.pack.PackPlanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Plans the arena of a graph offline, over its execution order.
 *
 * <p>What is placed: every tensor without constant data that the graph uses (graph inputs and outputs,
 * operator outputs, variables) plus one scratch buffer per operator that needs one. Lifetimes run from the first
 * operator that writes a tensor (operator 0 for graph inputs) to the last operator that reads it (the end of the
 * run for graph outputs).
 *
 * <p>Persistent part: variable tensors (LSTM hidden and cell state) carry state from one invocation to the next
 * (as in TFLite Micro), so no other buffer may ever use their bytes, not even between invocations. They sit after
 * the reused part, in tensor order, followed by one {@link #STATE_FLAG_BYTES}-byte word the generated code uses to
 * initialise them once ({@link ArenaPlan#stateFlagOffset()}). A model without variables has no persistent part.
 *
 * <p>In-place reuse: a RESHAPE output takes its input's buffer (same bytes, new shape). An elementwise operator
 * (ADD, MUL, LOGISTIC, RELU, RELU6, RELU_N1_TO_1, TANH, QUANTIZE, DEQUANTIZE when sizes match) writes its output over
 * input {@code i} when that input has the output's shape and byte size, is not a graph input, output or variable,
 * and this operator is its last reader. Each output element depends only on the same element of that input, so
 * kernels that read element {@code k} before writing element {@code k} stay correct.
 *
 * <p>Scratch: one buffer per operator whose kernel needs one, of exactly the bytes the runtime kernel's
 * {@code _get_buffer_size} function answers ({@link KernelScratch}, the one place those sizes are written in
 * Java); it lives only while its operator runs, so scratch of different operators and tensors that are dead
 * during the operator share memory.
 *
 * <p>Placement: buffers sorted by size (largest first, then earliest start, then index), each put at the lowest
 * aligned offset where it overlaps no already placed buffer whose lifetime intersects its own.
 */
public final class MemoryPlanner {

    /** Alignment of every buffer in the arena. */
    public static final int ALIGNMENT = 16;

    /** Bytes of the state flag word in the persistent part (placed only when the graph has variables). */
    public static final int STATE_FLAG_BYTES = 4;

    private MemoryPlanner() {
    }

    static int align(long size) {
        long a = (size + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        if (a > Integer.MAX_VALUE) {
            throw new PrunusException("a buffer of " + size + " bytes does not fit an arena of at most 2 GB");
        }
        return (int) a;
    }

    /**
     * Scratch bytes operator {@code op} needs with the kernel the code generator chooses for it under the default
     * pack plan ({@code PackPlanner.plan(g, "m4")}), 0 when none. See {@link KernelScratch}.
     */
    public static int scratchBytes(Graph g, Operator op) {
        return scratchOf(g, op, defaultPack(g));
    }

    /** {@link KernelScratch#bytes}, with shapes the kernels cannot take (a malformed model) as a typed error. */
    private static int scratchOf(Graph g, Operator op, PackPlan pack) {
        try {
            return KernelScratch.bytes(g, op, pack);
        } catch (PrunusException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PrunusException("operator " + op.index() + " (" + op.displayName() + ") has tensors or "
                    + "options no kernel can run, so its scratch cannot be planned: " + e.getMessage());
        }
    }

    /** The pack plan {@link #plan(Graph)} assumes: the code generator's default, all dense if it cannot be made. */
    static PackPlan defaultPack(Graph g) {
        try {
            return PackPlanner.plan(g, "m4");
        } catch (RuntimeException e) {
            // Weights the pack planner cannot read (malformed model): plan for the dense kernels.
            return null;
        }
    }

    private static boolean elementwise(Operator op) {
        switch (op.type()) {
            case ADD:
            case MUL:
            case LOGISTIC:
            case RELU:
            case RELU6:
            case RELU_N1_TO_1:
            case TANH:
            case QUANTIZE:
            case DEQUANTIZE:
                return true;
            default:
                return false;
        }
    }

    /** A buffer to place: a group of tensors sharing memory, or a scratch buffer. */
    private static final class Buf {
        final int id;
        int size;
        int first;
        int last;
        int offset = -1;

        Buf(int id, int size, int first, int last) {
            this.id = id;
            this.size = size;
            this.first = first;
            this.last = last;
        }
    }

    /**
     * Plans the arena of {@code graph} for the kernels the code generator uses by default (formats of
     * {@code PackPlanner.plan(graph, "m4")}).
     */
    public static ArenaPlan plan(Graph graph) {
        return plan(graph, defaultPack(graph));
    }

    /**
     * Plans the arena of {@code graph} when its layers run in the formats of {@code pack} (null: all dense): the
     * scratch of every operator is {@link KernelScratch#bytes} of the kernel that runs it.
     */
    public static ArenaPlan plan(Graph graph, PackPlan pack) {
        int n = graph.tensors().size();
        int ops = graph.operators().size();
        int end = Math.max(ops - 1, 0);
        int[] first = new int[n];
        int[] last = new int[n];
        Arrays.fill(first, -1);
        Arrays.fill(last, -1);
        boolean[] planned = new boolean[n];
        for (Tensor t : graph.tensors()) {
            planned[t.index()] = !t.isConstant() && t.byteSize() > 0;
        }
        for (int t : graph.inputs()) {
            touch(first, last, t, 0);
        }
        for (Operator op : graph.operators()) {
            for (int t : op.inputs()) {
                if (t >= 0) {
                    touch(first, last, t, op.index());
                }
            }
            for (int t : op.outputs()) {
                touch(first, last, t, op.index());
            }
            for (int t : op.intermediates()) {
                touch(first, last, t, op.index());
            }
        }
        for (int t : graph.outputs()) {
            touch(first, last, t, end);
            last[t] = end;
        }
        for (Tensor t : graph.tensors()) {
            if (t.isVariable()) {
                first[t.index()] = 0;
                last[t.index()] = end;
            }
        }
        // In-place reuse: union-find over tensors.
        int[] root = new int[n];
        int[] groupLast = last.clone();
        for (int i = 0; i < n; i++) {
            root[i] = i;
            planned[i] &= first[i] >= 0;
        }
        for (Operator op : graph.operators()) {
            if (op.outputCount() != 1) {
                continue;
            }
            int out = op.outputIndex(0);
            if (!planned[out] || graph.isGraphInput(out) || graph.tensor(out).isVariable() || root[out] != out) {
                continue;
            }
            Tensor o = graph.tensor(out);
            if (op.type() == OpType.RESHAPE) {
                int in = op.inputIndex(0);
                if (in >= 0 && planned[in] && !graph.tensor(in).isVariable()
                        && graph.tensor(in).byteSize() == o.byteSize()) {
                    int r = find(root, in);
                    root[out] = r;
                    groupLast[r] = Math.max(groupLast[r], groupLast[out]);
                }
            } else if (elementwise(op)) {
                for (int i = 0; i < op.inputCount(); i++) {
                    int in = op.inputIndex(i);
                    if (in < 0 || in == out || !planned[in]) {
                        continue;
                    }
                    Tensor t = graph.tensor(in);
                    int r = find(root, in);
                    if (!t.isVariable() && !graph.isGraphInput(in) && !graph.isGraphOutput(in)
                            && groupLast[r] == op.index() && Arrays.equals(t.shape(), o.shape())
                            && t.byteSize() == o.byteSize() && !readsElsewhere(op, in, i)) {
                        root[out] = r;
                        groupLast[r] = Math.max(groupLast[r], groupLast[out]);
                        break;
                    }
                }
            }
        }
        // Build buffers: one per group root, extended over all members' lifetimes.
        List<Buf> bufs = new ArrayList<>();
        List<Buf> persistent = new ArrayList<>();
        Buf[] byRoot = new Buf[n];
        for (int i = 0; i < n; i++) {
            if (!planned[i]) {
                continue;
            }
            int r = find(root, i);
            Buf b = byRoot[r];
            int size = graph.tensor(i).byteSize();
            if (b == null) {
                b = new Buf(r, size, first[i], last[i]);
                byRoot[r] = b;
                (graph.tensor(i).isVariable() ? persistent : bufs).add(b);
            } else {
                b.size = Math.max(b.size, size);
                b.first = Math.min(b.first, first[i]);
                b.last = Math.max(b.last, last[i]);
            }
        }
        List<Buf> scratchBufs = new ArrayList<>();
        for (Operator op : graph.operators()) {
            int s = scratchOf(graph, op, pack);
            if (s > 0) {
                Buf b = new Buf(n + op.index(), s, op.index(), op.index());
                scratchBufs.add(b);
                bufs.add(b);
            }
        }
        int reused = place(bufs);
        // The persistent part follows the reused one; offsets stay aligned because every size is.
        long at = reused;
        for (Buf b : persistent) {
            b.offset = (int) at;
            at += align(b.size);
        }
        int stateFlag = persistent.isEmpty() ? -1 : (int) at;
        if (stateFlag >= 0) {
            at += align(STATE_FLAG_BYTES);
        }
        if (at > Integer.MAX_VALUE) {
            throw new PrunusException("the planned arena exceeds 2 GB (" + (at - reused) + " bytes of variable "
                    + "tensors after " + reused + " bytes of activations); the model is too large for a "
                    + "microcontroller");
        }
        int arena = (int) at;
        int[] offsets = new int[n];
        int[] sizes = new int[n];
        int[] alias = new int[n];
        Arrays.fill(offsets, -1);
        Arrays.fill(alias, -1);
        for (int i = 0; i < n; i++) {
            if (planned[i]) {
                int r = find(root, i);
                offsets[i] = byRoot[r].offset;
                sizes[i] = graph.tensor(i).byteSize();
                alias[i] = r;
            }
        }
        List<ArenaPlan.Scratch> scratch = new ArrayList<>();
        for (Buf b : scratchBufs) {
            int opIndex = b.id - n;
            scratch.add(new ArenaPlan.Scratch(opIndex, b.offset, b.size,
                    KernelScratch.describe(graph, graph.operator(opIndex), pack)));
        }
        return new ArenaPlan(offsets, sizes, alias, scratch, arena, reused, stateFlag);
    }

    /** Whether the operator also reads tensor {@code t} through an input other than {@code slot}. */
    private static boolean readsElsewhere(Operator op, int t, int slot) {
        for (int i = 0; i < op.inputCount(); i++) {
            if (i != slot && op.inputIndex(i) == t) {
                return true;
            }
        }
        return false;
    }

    private static void touch(int[] first, int[] last, int t, int op) {
        if (first[t] < 0 || op < first[t]) {
            first[t] = op;
        }
        last[t] = Math.max(last[t], op);
    }

    private static int find(int[] root, int i) {
        while (root[i] != i) {
            root[i] = root[root[i]];
            i = root[i];
        }
        return i;
    }

    /** Greedy placement, largest first, lowest fitting offset; answers the arena size. */
    private static int place(List<Buf> bufs) {
        List<Buf> order = new ArrayList<>(bufs);
        order.sort(Comparator.comparingInt((Buf b) -> -b.size).thenComparingInt(b -> b.first).thenComparingInt(b -> b.id));
        List<Buf> placed = new ArrayList<>();
        int arena = 0;
        for (Buf b : order) {
            int size = align(b.size);
            List<Buf> conflicts = new ArrayList<>();
            for (Buf p : placed) {
                if (p.first <= b.last && b.first <= p.last) {
                    conflicts.add(p);
                }
            }
            conflicts.sort(Comparator.comparingInt(p -> p.offset));
            long candidate = 0;
            for (Buf p : conflicts) {
                if (candidate + size <= p.offset) {
                    break;
                }
                candidate = Math.max(candidate, (long) p.offset + align(p.size));
            }
            if (candidate + size > Integer.MAX_VALUE) {
                throw new PrunusException("the planned arena exceeds 2 GB (buffer of " + b.size + " bytes at offset "
                        + candidate + "); the model's activations are too large for a microcontroller");
            }
            b.offset = (int) candidate;
            placed.add(b);
            arena = (int) Math.max(arena, candidate + size);
        }
        return arena;
    }
}
