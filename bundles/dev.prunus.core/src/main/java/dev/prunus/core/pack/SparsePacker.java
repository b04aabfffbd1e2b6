package dev.prunus.core.pack;

import java.io.ByteArrayOutputStream;

/**
 * Packs zero-filled dense int8 weights into the sparse formats of docs/sparse-format.md: a filterlet or block is
 * kept when any of its weights is non-zero, pruned when all are zero. Pure functions of the bytes.
 */
public final class SparsePacker {

    private SparsePacker() {
    }

    /** The largest mask group the format allows (docs/sparse-format.md 1.1). */
    public static final int MAX_MASK_GROUP = 32;

    /**
     * Filterlet-sparse packing of an OHWI filter (section 1), with the largest mask group G (a power of two, at
     * most 32 and at most {@code cout} rounded up to a power of two) whose groups of G consecutive output
     * channels each have one tap mask; G = 1 when no two neighbouring channels agree.
     *
     * @param ohwi dense weights {@code [cout][kh][kw][cin]}
     * @throws PackException when the sizes do not match or the kernel window is outside [2, 32] taps
     */
    public static PackedWeights filterlet(byte[] ohwi, int cout, int kh, int kw, int cin) {
        long[] masks = channelMasks(ohwi, cout, kh, kw, cin);
        int taps = kh * kw;
        int mw = (taps + 15) / 16;
        int group = maskGroup(masks);
        int groups = (cout + group - 1) / group;
        byte[] index = new byte[2 * mw * groups];
        for (int gi = 0; gi < groups; gi++) {
            long m = masks[gi * group];
            for (int word = 0; word < mw; word++) {
                int v = (int) (m >>> (16 * word)) & 0xFFFF;
                index[2 * (gi * mw + word)] = (byte) v;
                index[2 * (gi * mw + word) + 1] = (byte) (v >>> 8);
            }
        }
        ByteArrayOutputStream weights = new ByteArrayOutputStream();
        int kept = 0;
        for (int o = 0; o < cout; o++) {
            for (int t = 0; t < taps; t++) {
                if ((masks[o] >>> t & 1) != 0) {
                    weights.write(ohwi, (o * taps + t) * cin, cin);
                    kept++;
                }
            }
        }
        return new PackedWeights(PackFormat.FILTERLET, index, weights.toByteArray(), kept, cout * taps, group);
    }

    /**
     * The mask group {@link #filterlet} would choose for these weights, without packing them.
     *
     * @throws PackException as {@link #filterlet}
     */
    public static int filterletMaskGroup(byte[] ohwi, int cout, int kh, int kw, int cin) {
        return maskGroup(channelMasks(ohwi, cout, kh, kw, cin));
    }

    /**
     * Index bytes of a filterlet-sparse layer (section 1.3): {@code 2 * ceil(taps / 16) * ceil(cout / group)}.
     *
     * @param group the mask group G, a power of two in [1, 32]
     * @throws PackException for another group size
     */
    public static long filterletIndexBytes(int cout, int taps, int group) {
        if (group < 1 || group > MAX_MASK_GROUP || Integer.bitCount(group) != 1) {
            throw new PackException("filterlet mask group must be a power of two from 1 to " + MAX_MASK_GROUP
                    + ", got " + group);
        }
        return 2L * ((taps + 15) / 16) * ((cout + group - 1) / group);
    }

    /** Per output channel, bit t set when tap t has a non-zero weight. */
    private static long[] channelMasks(byte[] ohwi, int cout, int kh, int kw, int cin) {
        int taps = kh * kw;
        if (taps < 2 || taps > 32) {
            throw new PackException("filterlet packing needs a kernel of 2 to 32 taps, got " + kh + "x" + kw);
        }
        if ((long) cout * taps * cin != ohwi.length) {
            throw new PackException("filter of " + ohwi.length + " bytes is not [" + cout + "][" + kh + "][" + kw
                    + "][" + cin + "]");
        }
        long[] masks = new long[cout];
        for (int o = 0; o < cout; o++) {
            for (int t = 0; t < taps; t++) {
                if (!allZero(ohwi, (o * taps + t) * cin, cin)) {
                    masks[o] |= 1L << t;
                }
            }
        }
        return masks;
    }

    /** Largest power of two G (at most 32 and at most cout rounded up) such that every group's masks agree. */
    private static int maskGroup(long[] masks) {
        int limit = 1;
        while (limit < masks.length && limit < MAX_MASK_GROUP) {
            limit *= 2;
        }
        // Groups of G agree only if both halves (groups of G / 2) agree: grow while the next size still holds.
        int group = 1;
        while (group < limit && groupsAgree(masks, group * 2)) {
            group *= 2;
        }
        return group;
    }

    private static boolean groupsAgree(long[] masks, int group) {
        for (int o = 0; o < masks.length; o++) {
            if (masks[o] != masks[o - o % group]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Block-sparse packing of {@code [rows][cin]} weights (a 1x1 OHWI filter or FULLY_CONNECTED weights,
     * section 2), blocks of {@code blockSize} (4 or 8) along cin; a partial last block is zero padded.
     */
    public static PackedWeights block(byte[] rowsByCin, int rows, int cin, int blockSize) {
        if (blockSize != 4 && blockSize != 8) {
            throw new PackException("block size must be 4 or 8, got " + blockSize);
        }
        if ((long) rows * cin != rowsByCin.length) {
            throw new PackException("weights of " + rowsByCin.length + " bytes are not [" + rows + "][" + cin + "]");
        }
        int nb = (cin + blockSize - 1) / blockSize;
        int nw = (nb + 31) / 32;
        byte[] index = new byte[4 * nw * rows];
        ByteArrayOutputStream weights = new ByteArrayOutputStream();
        int kept = 0;
        for (int o = 0; o < rows; o++) {
            for (int b = 0; b < nb; b++) {
                int start = o * cin + b * blockSize;
                int len = Math.min(blockSize, cin - b * blockSize);
                if (!allZero(rowsByCin, start, len)) {
                    int word = o * nw + b / 32;
                    int bit = b % 32;
                    index[4 * word + bit / 8] |= (byte) (1 << (bit % 8));
                    weights.write(rowsByCin, start, len);
                    for (int p = len; p < blockSize; p++) {
                        weights.write(0);
                    }
                    kept++;
                }
            }
        }
        return new PackedWeights(blockSize == 4 ? PackFormat.BLOCK4 : PackFormat.BLOCK8, index,
                weights.toByteArray(), kept, rows * nb, 1);
    }

    /** Dense weights rebuilt from a packed form (zeros where pruned): the inverse of the packers, for checks. */
    public static byte[] unpack(PackedWeights p, int rows, int taps, int cin) {
        byte[] dense = new byte[rows * taps * cin];
        long[] words = p.maskWords();
        byte[] w = p.weights();
        int pos = 0;
        if (p.format() == PackFormat.FILTERLET) {
            int mw = (taps + 15) / 16;
            for (int o = 0; o < rows; o++) {
                for (int t = 0; t < taps; t++) {
                    if ((words[o / p.group() * mw + t / 16] >>> (t % 16) & 1) != 0) {
                        System.arraycopy(w, pos, dense, (o * taps + t) * cin, cin);
                        pos += cin;
                    }
                }
            }
        } else {
            int bs = p.format().blockSize();
            int nb = (cin + bs - 1) / bs;
            int nw = (nb + 31) / 32;
            for (int o = 0; o < rows; o++) {
                for (int b = 0; b < nb; b++) {
                    if ((words[o * nw + b / 32] >>> (b % 32) & 1) != 0) {
                        int len = Math.min(bs, cin - b * bs);
                        System.arraycopy(w, pos, dense, o * cin + b * bs, len);
                        pos += bs;
                    }
                }
            }
        }
        return dense;
    }

    private static boolean allZero(byte[] a, int start, int len) {
        for (int i = 0; i < len; i++) {
            if (a[start + i] != 0) {
                return false;
            }
        }
        return true;
    }
}
