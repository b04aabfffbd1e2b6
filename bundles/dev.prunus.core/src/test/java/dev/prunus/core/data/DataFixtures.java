package dev.prunus.core.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

import dev.prunus.core.ir.TensorType;

/** Small data files built byte by byte, so every reader test makes its own input. */
final class DataFixtures {

    private DataFixtures() {
    }

    /** An int8 image input [1, h, w, c] with s = 1/255, zp = -128 and {@code classes} outputs. */
    static InputSpec image(int h, int w, int c, int classes) {
        return new InputSpec(new int[] {1, h, w, c}, TensorType.INT8, 1f / 255f, -128, classes);
    }

    static InputSpec flat(int n, double scale, int zeroPoint, int classes) {
        return new InputSpec(new int[] {1, n}, TensorType.INT8, scale, zeroPoint, classes);
    }

    /** Writes a PNG whose pixel (x, y) has colour {@code rgb.apply(x, y)} (0xRRGGBB). */
    static Path png(Path file, int w, int h, java.util.function.BinaryOperator<Integer> rgb) throws IOException {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                image.setRGB(x, y, rgb.apply(x, y));
            }
        }
        Files.createDirectories(file.getParent());
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    /** A .npy file's bytes: version 1.0 header (2.0 when {@code version2}), then the data as given. */
    static byte[] npy(String descr, boolean fortran, String shape, byte[] data, boolean version2) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': "
                + shape + ", }";
        int prefix = version2 ? 12 : 10;
        int total = ((prefix + dict.length() + 1 + 63) / 64) * 64;
        StringBuilder header = new StringBuilder(dict);
        while (prefix + header.length() + 1 < total) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer b = ByteBuffer.allocate(prefix + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) (version2 ? 2 : 1), 0});
        if (version2) {
            b.putInt(header.length());
        } else {
            b.putShort((short) header.length());
        }
        b.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        b.put(data);
        return b.array();
    }

    static byte[] floats(ByteOrder order, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
        for (float f : v) {
            b.putFloat(f);
        }
        return b.array();
    }

    static byte[] doubles(ByteOrder order, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(order);
        for (double d : v) {
            b.putDouble(d);
        }
        return b.array();
    }

    static byte[] longs(long... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long l : v) {
            b.putLong(l);
        }
        return b.array();
    }

    /** A .npz (zip of .npy entries named key.npy), deflated when {@code compressed}. */
    static byte[] npz(boolean compressed, String[] keys, byte[]... arrays) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setMethod(compressed ? ZipOutputStream.DEFLATED : ZipOutputStream.DEFLATED);
            zip.setLevel(compressed ? 9 : 0);
            for (int i = 0; i < keys.length; i++) {
                zip.putNextEntry(new ZipEntry(keys[i] + ".npy"));
                zip.write(arrays[i]);
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    /** A RIFF/WAVE file of 16-bit PCM samples. */
    static byte[] wav(int channels, int bits, short... samples) {
        int dataBytes = samples.length * 2;
        ByteBuffer b = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes);
        b.put("WAVE".getBytes(StandardCharsets.US_ASCII));
        b.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(16000).putInt(16000 * 2 * channels).putShort((short) (2 * channels)).putShort((short) bits);
        b.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (short s : samples) {
            b.putShort(s);
        }
        return b.array();
    }
}
