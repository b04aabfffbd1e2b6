package dev.prunus.core.pack;

/**
 * The packed form of one layer's weights, byte for byte as docs/sparse-format.md defines it.
 *
 * @param format  FILTERLET, BLOCK4 or BLOCK8
 * @param index   the mask array as little-endian bytes (uint16 words for FILTERLET, uint32 words for blocks)
 * @param weights the kept filterlets or blocks
 * @param kept    number of kept filterlets or blocks
 * @param total   number of filterlets or blocks of the dense tensor
 * @param group   FILTERLET: the mask group G, output channels per tap mask (a power of two, 1 to 32); 1 for blocks
 */
public record PackedWeights(PackFormat format, byte[] index, byte[] weights, int kept, int total, int group) {

    public PackedWeights {
        if (group < 1 || group > 32 || Integer.bitCount(group) != 1 || format != PackFormat.FILTERLET && group != 1) {
            throw new PackException("mask group " + group + " is not valid for " + format);
        }
        index = index.clone();
        weights = weights.clone();
    }

    @Override
    public byte[] index() {
        return index.clone();
    }

    @Override
    public byte[] weights() {
        return weights.clone();
    }

    /** Words of the mask array (uint16 for FILTERLET, uint32 for the block formats), decoded. */
    public long[] maskWords() {
        int width = format == PackFormat.FILTERLET ? 2 : 4;
        long[] words = new long[index.length / width];
        for (int i = 0; i < words.length; i++) {
            long w = 0;
            for (int b = width - 1; b >= 0; b--) {
                w = (w << 8) | (index[i * width + b] & 0xFF);
            }
            words[i] = w;
        }
        return words;
    }
}
