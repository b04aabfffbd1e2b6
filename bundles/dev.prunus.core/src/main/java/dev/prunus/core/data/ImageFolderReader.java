package dev.prunus.core.data;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import dev.prunus.core.progress.Progress;

/**
 * Reads {@code DIR/<class>/*.{png,jpg,jpeg,bmp,gif}} with the JDK's ImageIO into pixels of the model's input
 * shape: channel conversion first (RGB, BGR, or grayscale by Pillow's ITU-R 601-2 luma
 * {@code (19595 R + 38470 G + 7471 B + 32768) >> 16}), then {@link BilinearResize} to H x W when the size differs.
 * Grayscale files are read from their raster, not through ImageIO's colour conversion (which would change the
 * values by a gamma curve).
 */
final class ImageFolderReader {

    static final List<String> EXTENSIONS = List.of("png", "jpg", "jpeg", "bmp", "gif");

    private ImageFolderReader() {
    }

    static RawData read(Path dir, InputSpec spec, Preprocessing pre, Progress progress) throws IOException {
        if (!spec.isImage()) {
            throw new DataException(DataException.Problem.SHAPE, dir, "images need a model input of shape [1, H, W, 3],"
                    + " [1, H, W, 1] or [1, H, W]; this model takes " + spec.shapeText()
                    + "; give the samples as .npy, .csv or raw records instead");
        }
        String channels = pre.channels() != null ? pre.channels() : spec.channels() == 3 ? "rgb" : "grayscale";
        int c = spec.channels();
        if (("grayscale".equals(channels)) != (c == 1)) {
            throw new DataException(DataException.Problem.PREPROCESSING, dir, "channels \"" + channels
                    + "\" does not fit the model's input " + spec.shapeText() + " with " + c + " channel"
                    + (c == 1 ? "" : "s") + "; use " + (c == 1 ? "grayscale" : "rgb or bgr"));
        }
        ClassFolders folders = ClassFolders.list(dir, EXTENSIONS, spec.classes(), "images");
        int h = spec.height();
        int w = spec.width();
        int length = h * w * c;
        int count = folders.sampleCount();
        byte[] pixels = new byte[Math.multiplyExact(count, length)];
        int[] labels = new int[count];
        Map<String, Integer> sizes = new TreeMap<>();
        int grayToRgb = 0;
        progress.begin("Reading " + count + " images", count);
        int s = 0;
        int label = 0;
        for (Map.Entry<String, List<Path>> e : folders.files.entrySet()) {
            for (Path file : e.getValue()) {
                progress.checkCanceled();
                BufferedImage image = decode(file);
                sizes.merge(image.getWidth() + "x" + image.getHeight(), 1, Integer::sum);
                int[][] planes = planes(image, channels);
                if (planes.length == 1 && c == 3) {
                    grayToRgb++;
                    planes = new int[][] {planes[0], planes[0], planes[0]};
                }
                for (int ch = 0; ch < c; ch++) {
                    int[] plane = BilinearResize.resize(planes[ch], image.getWidth(), image.getHeight(), w, h);
                    for (int i = 0; i < h * w; i++) {
                        pixels[s * length + i * c + ch] = (byte) plane[i];
                    }
                }
                labels[s++] = label;
                progress.worked(1);
            }
            label++;
        }
        String sizeText = sizes.size() == 1 && sizes.containsKey(w + "x" + h)
                ? "all " + w + "x" + h + ", no resize"
                : "resized bilinear (Pillow's, antialiased when shrinking) to " + w + "x" + h + " from "
                        + sizesText(sizes);
        String text = "image folder " + dir + ": " + count + " images in " + folders.files.size() + " classes ("
                + folders.orderText() + ")" + (folders.skipped > 0 ? ", " + folders.skipped
                        + " other files skipped" : "")
                + "\nimages: " + sizeText + "; " + channelText(channels)
                + (grayToRgb > 0 ? " (" + grayToRgb + " grayscale images repeated to 3 channels)" : "");
        return RawData.ofBytes(RawData.Kind.PIXELS, count, length, pixels).labelled(labels, folders.classNames(),
                text);
    }

    private static String sizesText(Map<String, Integer> sizes) {
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (Map.Entry<String, Integer> e : sizes.entrySet()) {
            if (shown++ == 4) {
                b.append(", ... (").append(sizes.size()).append(" sizes)");
                break;
            }
            b.append(shown > 1 ? ", " : "").append(e.getKey()).append(" (").append(e.getValue()).append(")");
        }
        return b.toString();
    }

    private static String channelText(String channels) {
        return switch (channels) {
            case "bgr" -> "channels B, G, R";
            case "grayscale" -> "grayscale (colour images by ITU-R 601-2 luma)";
            default -> "channels R, G, B";
        };
    }

    /**
     * Largest image accepted, in pixels: a header can claim any size, and decoding allocates it before reading a
     * single pixel. 64 Mpixel is far beyond any input a microcontroller model resizes from.
     */
    static final long MAX_PIXELS = 64L << 20;

    private static BufferedImage decode(Path file) {
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                image = null;
            } else {
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                    if (pixels > MAX_PIXELS) {
                        throw new DataException(DataException.Problem.UNREADABLE, file, "claims "
                                + reader.getWidth(0) + " x " + reader.getHeight(0) + " pixels, more than the "
                                + MAX_PIXELS + " Prunus decodes; scale the image down or remove it");
                    }
                    image = reader.read(0);
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw new DataException(DataException.Problem.UNREADABLE, file, "cannot be decoded as an image ("
                    + e.getMessage() + "); replace or remove the file", e);
        }
        if (image == null) {
            throw new DataException(DataException.Problem.UNREADABLE, file, "is not an image ImageIO can read "
                    + "(PNG, JPEG, BMP, GIF); replace or remove the file");
        }
        return image;
    }

    /** One plane per wanted channel, values 0..255; a single plane for grayscale files read as they are. */
    private static int[][] planes(BufferedImage image, String channels) {
        int w = image.getWidth();
        int h = image.getHeight();
        Raster raster = image.getRaster();
        boolean grayFile = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY
                && raster.getNumBands() <= 2;
        if (grayFile) {
            int bits = image.getColorModel().getComponentSize(0);
            int[] g = new int[w * h];
            raster.getSamples(0, 0, w, h, 0, g);
            if (bits > 8) {
                int max = (1 << bits) - 1;
                for (int i = 0; i < g.length; i++) {
                    g[i] = (int) ((g[i] * 255L + max / 2) / max);
                }
            }
            return new int[][] {g};
        }
        int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
        if ("grayscale".equals(channels)) {
            int[] g = new int[w * h];
            for (int i = 0; i < g.length; i++) {
                int p = argb[i];
                g[i] = (((p >> 16) & 0xff) * 19595 + ((p >> 8) & 0xff) * 38470 + (p & 0xff) * 7471 + 0x8000) >> 16;
            }
            return new int[][] {g};
        }
        int[] r = new int[w * h];
        int[] gr = new int[w * h];
        int[] b = new int[w * h];
        for (int i = 0; i < argb.length; i++) {
            r[i] = (argb[i] >> 16) & 0xff;
            gr[i] = (argb[i] >> 8) & 0xff;
            b[i] = argb[i] & 0xff;
        }
        return "bgr".equals(channels) ? new int[][] {b, gr, r} : new int[][] {r, gr, b};
    }
}
