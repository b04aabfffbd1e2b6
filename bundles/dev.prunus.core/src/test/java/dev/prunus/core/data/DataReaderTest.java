package dev.prunus.core.data;

import static dev.prunus.core.data.DataFixtures.doubles;
import static dev.prunus.core.data.DataFixtures.floats;
import static dev.prunus.core.data.DataFixtures.npy;
import static dev.prunus.core.data.DataFixtures.png;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.prunus.core.ir.TensorType;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.CancelAfter;

class DataReaderTest {

    @TempDir
    Path dir;

    private Dataset read(Path data, Path labels, InputSpec spec) throws IOException {
        return DataReader.read(data, labels, spec, Preprocessing.DEFAULT, Progress.NONE);
    }

    private DataException fails(DataException.Problem problem, String message, Path data, Path labels,
            InputSpec spec, Preprocessing pre) {
        DataException e = assertThrows(DataException.class,
                () -> DataReader.read(data, labels, spec, pre, Progress.NONE));
        assertEquals(message, e.getMessage());
        assertEquals(problem, e.problem());
        return e;
    }

    private DataException fails(DataException.Problem problem, String message, Path data, Path labels,
            InputSpec spec) {
        return fails(problem, message, data, labels, spec, Preprocessing.DEFAULT);
    }

    // ------------------------------------------------------------------------------------------------ images

    @Test
    void imageFolderTakesClassOrderFromLabelsTxtAndFilesInNameOrder() throws IOException {
        Path data = dir.resolve("images");
        png(data.resolve("cat/b.png"), 2, 2, (x, y) -> 0x0a141e);
        png(data.resolve("cat/a.png"), 2, 2, (x, y) -> 0xff8000 + x);
        png(data.resolve("ant/z.png"), 2, 2, (x, y) -> 0x000000);
        Files.writeString(data.resolve("cat/notes.txt"), "not an image");
        Files.writeString(data.resolve("labels.txt"), "cat\nant\n");
        Dataset d = read(data, null, DataFixtures.image(2, 2, 3, 2));
        assertEquals(List.of("cat", "ant"), d.classNames());
        assertArrayEquals(new int[] {0, 0, 1}, d.labels());
        // cat/a.png first: pixel (0,0) = (255, 128, 0) -> q = p - 128; x = p / 255 (s = 1/255, zp = -128)
        byte[] q = d.input(0);
        assertArrayEquals(new byte[] {127, 0, -128, 127, 0, -127}, java.util.Arrays.copyOf(q, 6));
        assertEquals(1.0f, d.real(0)[0], 1e-6f);
        assertEquals(128 / 255f, d.real(0)[1], 1e-6f);
        // cat/b.png: (10, 20, 30)
        assertArrayEquals(new byte[] {10 - 128, 20 - 128, 30 - 128}, java.util.Arrays.copyOf(d.input(1), 3));
        assertEquals(String.join("\n",
                "image folder " + data + ": 3 images in 2 classes (class order from labels.txt), 1 other files skipped",
                "images: all 2x2, no resize; channels R, G, B",
                "pixels: 0..255 span the input's range [0, 1]: x = 0.00392157 * p, so that q = p - 128",
                "quantization: q = clamp(round(x / 0.00392157) - 128, -128, 127), round half away from zero"),
                d.description());
    }

    @Test
    void imageFolderWithoutLabelsTxtSortsFoldersAndConvertsToGrayscaleAndBgrAndResizes() throws IOException {
        Path data = dir.resolve("images");
        png(data.resolve("b/red.png"), 4, 2, (x, y) -> 0xff0000);
        png(data.resolve("a/blue.png"), 4, 2, (x, y) -> 0x0000ff);
        Dataset gray = read(data, null, DataFixtures.image(1, 2, 1, 2));
        assertEquals(List.of("a", "b"), gray.classNames());
        // Pillow's luma: (19595 R + 38470 G + 7471 B + 32768) >> 16; blue 255 -> 29, red 255 -> 76
        assertArrayEquals(new byte[] {29 - 128, 29 - 128}, gray.input(0));
        assertArrayEquals(new byte[] {76 - 128, 76 - 128}, gray.input(1));
        assertTrue(gray.description().contains("images: resized bilinear (Pillow's, antialiased when shrinking) to "
                + "2x1 from 4x2 (2); grayscale (colour images by ITU-R 601-2 luma)"), gray::description);
        Dataset bgr = DataReader.read(data, null, DataFixtures.image(2, 4, 3, 2),
                Preprocessing.DEFAULT.withChannels("bgr"), Progress.NONE);
        assertArrayEquals(new byte[] {127, -128, -128}, java.util.Arrays.copyOf(bgr.input(0), 3), "blue first");
    }

    @Test
    void bilinearResizeFollowsPillow() {
        // Upscaling 2 -> 4 pixels: half-pixel centres, edges clamped: 0, 64 (63.75 rounded), 191, 255.
        assertArrayEquals(new int[] {0, 64, 191, 255}, BilinearResize.resize(new int[] {0, 255}, 2, 1, 4, 1));
        // Shrinking 4 -> 2: the triangle filter widens to 2 source pixels each side, weights 1/8, 3/8, 3/8, 1/8
        // (at the edges renormalised): out0 = (3*0 + 3*100 + 1*200) / 7
        int[] out = BilinearResize.resize(new int[] {0, 100, 200, 40}, 4, 1, 2, 1);
        assertEquals(Math.round((3 * 0 + 3 * 100 + 1 * 200) / 7.0), out[0]);
        assertArrayEquals(new int[] {7, 7, 7, 7, 7, 7}, BilinearResize.resize(new int[] {7, 7, 7, 7}, 2, 2, 3, 2));
    }

    @Test
    void imageErrorsNameTheFileAndTheFix() throws IOException {
        Path data = dir.resolve("images");
        png(data.resolve("a/1.png"), 2, 2, (x, y) -> 0);
        png(data.resolve("b/1.png"), 2, 2, (x, y) -> 0);
        fails(DataException.Problem.CLASS_COUNT, data + ": has 2 classes [a, b], the model has 3 outputs; give one "
                + "class folder per output (and a labels.txt with their names in output order)", data, null,
                DataFixtures.image(2, 2, 3, 3));
        Files.createDirectories(data.resolve("c"));
        fails(DataException.Problem.EMPTY_CLASS, data.resolve("c") + ": class \"c\" holds no images (png, jpg, jpeg, "
                + "bmp, gif); every output class needs samples", data, null, DataFixtures.image(2, 2, 3, 3));
        Files.writeString(data.resolve("labels.txt"), "a\nc\n");
        fails(DataException.Problem.CLASS_COUNT, data.resolve("labels.txt") + ": folder \"b\" is not listed; add it at "
                + "its output index, or move the folder away", data, null, DataFixtures.image(2, 2, 3, 3));
        Files.writeString(data.resolve("labels.txt"), "a\nb\nc\nd\n");
        fails(DataException.Problem.CLASS_COUNT, data.resolve("labels.txt") + ": lists 4 classes [a, b, c, d], the "
                + "model has 3 outputs; give one class line per output", data, null, DataFixtures.image(2, 2, 3, 3));
        Files.writeString(data.resolve("labels.txt"), "a\nb\nc\n");
        Files.write(data.resolve("c/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        DataException e = assertThrows(DataException.class,
                () -> read(data, null, DataFixtures.image(2, 2, 3, 3)));
        assertEquals(DataException.Problem.UNREADABLE, e.problem());
        assertTrue(e.getMessage().startsWith(data.resolve("c/broken.png") + ": "), e::getMessage);
        assertTrue(e.getMessage().endsWith("; replace or remove the file"), e::getMessage);
        fails(DataException.Problem.SHAPE, data + ": images need a model input of shape [1, H, W, 3], [1, H, W, 1] or "
                + "[1, H, W]; this model takes [1, 12]; give the samples as .npy, .csv or raw records instead", data,
                null, DataFixtures.flat(12, 1, 0, 3));
    }

    @Test
    void readingStopsWhenCanceled() throws IOException {
        Path data = dir.resolve("images");
        for (int i = 0; i < 5; i++) {
            png(data.resolve("a/" + i + ".png"), 2, 2, (x, y) -> 0);
        }
        assertThrows(CanceledException.class, () -> DataReader.read(data, null, DataFixtures.image(2, 2, 3, 1),
                Preprocessing.DEFAULT, new CancelAfter(2)));
    }

    // ------------------------------------------------------------------------------------------------ NumPy

    @Test
    void npyOfEveryDtypeAndByteOrder() throws IOException {
        InputSpec spec = DataFixtures.flat(2, 0.5, 3, 4);
        Path labels = dir.resolve("labels.txt");
        Files.writeString(labels, "1\n3\n");
        Path u8 = Files.write(dir.resolve("u8.npy"), npy("|u1", false, "(2, 2)", new byte[] {0, (byte) 255, 1, 2},
                false));
        assertArrayEquals(new byte[] {-128, 127}, read(u8, labels, spec).input(0));
        Path i8 = Files.write(dir.resolve("i8.npy"), npy("|i1", false, "(2, 2)", new byte[] {-5, 9, 1, 2}, true));
        Dataset d = read(i8, labels, spec);
        assertArrayEquals(new byte[] {-5, 9}, d.input(0), "int8 arrays are the input's bytes");
        assertEquals(0.5f * (-5 - 3), d.real(0)[0]);
        // x / 0.5 + 3: 1.25 -> 2.5 -> 3 (half away from zero) -> 6; -1.25 -> -3 -> 0
        Path f4 = Files.write(dir.resolve("f4.npy"), npy(">f4", false, "(2, 2)",
                floats(ByteOrder.BIG_ENDIAN, 1.25f, -1.25f, 100f, -100f), false));
        assertArrayEquals(new byte[] {6, 0}, read(f4, labels, spec).input(0));
        assertArrayEquals(new byte[] {127, -128}, read(f4, labels, spec).input(1));
        Path f8 = Files.write(dir.resolve("f8.npy"), npy("<f8", false, "(2, 1, 2)",
                doubles(ByteOrder.LITTLE_ENDIAN, 1.25, -1.25, 0, 0.75), false));
        d = read(f8, labels, spec);
        assertArrayEquals(new byte[] {6, 0}, d.input(0));
        assertArrayEquals(new byte[] {3, 5}, d.input(1));
        assertArrayEquals(new int[] {1, 3}, d.labels());
        assertEquals("NumPy " + f8 + ": 2 samples (2, 1, 2) float64, labels from " + labels, d.description().lines()
                .findFirst().orElseThrow());
    }

    @Test
    void npyLabelsFileAndNpzKeys() throws IOException {
        InputSpec spec = DataFixtures.flat(2, 1, 0, 3);
        byte[] x = npy("<f4", false, "(3, 2)", floats(ByteOrder.LITTLE_ENDIAN, 1, 2, 3, 4, 5, 6), false);
        byte[] y = npy("<i8", false, "(3,)", DataFixtures.longs(2, 0, 1), false);
        Path npz = Files.write(dir.resolve("d.npz"), DataFixtures.npz(true, new String[] {"x", "y"}, x, y));
        Dataset d = read(npz, null, spec);
        assertArrayEquals(new int[] {2, 0, 1}, d.labels());
        assertArrayEquals(new byte[] {5, 6}, d.input(2));
        Path custom = Files.write(dir.resolve("c.npz"), DataFixtures.npz(false, new String[] {"specs", "labels"},
                x, npy("<f8", false, "(3, 3)", doubles(ByteOrder.LITTLE_ENDIAN, 0, 0, 1, 1, 0, 0, 0, 1, 0), false)));
        d = DataReader.read(custom, null, spec, Preprocessing.DEFAULT.withNpzKeys("specs", "labels"), Progress.NONE);
        assertArrayEquals(new int[] {2, 0, 1}, d.labels(), "one-hot rows");
        fails(DataException.Problem.UNREADABLE, custom + ": has no array \"x\" (it holds [specs, labels]); set "
                + "\"npzInputs\" in the preprocessing settings to the samples' key", custom, null, spec);
        Path npyLabels = Files.write(dir.resolve("y.npy"), y);
        Path xs = Files.write(dir.resolve("x.npy"), x);
        assertArrayEquals(new int[] {2, 0, 1}, read(xs, npyLabels, spec).labels());
    }

    @Test
    void npyErrors() throws IOException {
        InputSpec spec = DataFixtures.flat(2, 1, 0, 3);
        Path fortran = Files.write(dir.resolve("f.npy"), npy("|u1", true, "(1, 2)", new byte[2], false));
        fails(DataException.Problem.UNSUPPORTED_TYPE, fortran + ": is in Fortran (column-major) order; save it in C "
                + "order, e.g. numpy.save(path, numpy.ascontiguousarray(a))", fortran, null, spec);
        Path object = Files.write(dir.resolve("o.npy"), npy("|O", false, "(1, 2)", new byte[0], false));
        fails(DataException.Problem.UNSUPPORTED_TYPE, object + ": holds Python objects (dtype '|O', a pickle), which "
                + "Prunus never unpickles; save a numeric array (uint8, int8, float32 or float64)", object, null, spec);
        Path complex = Files.write(dir.resolve("c.npy"), npy("<c8", false, "(1, 2)", new byte[16], false));
        fails(DataException.Problem.UNSUPPORTED_TYPE, complex + ": has dtype '<c8'; use uint8, int8, float32 or "
                + "float64 samples (integer labels of any width)", complex, null, spec);
        Path int64 = Files.write(dir.resolve("i.npy"), npy("<i8", false, "(1, 2)", new byte[16], false));
        fails(DataException.Problem.UNSUPPORTED_TYPE, int64 + ": samples have dtype int64; save them as uint8 "
                + "(pixels), int8 (the input tensor's values), float32 or float64 (real values)", int64, null, spec);
        Path shape = Files.write(dir.resolve("s.npy"), npy("|u1", false, "(2, 3)", new byte[6], false));
        fails(DataException.Problem.SHAPE, shape + ": shape (2, 3) gives samples of 3 values; the model's input "
                + "[1, 2] takes 2 (samples go along axis 0: shape (N, 2))", shape, null, spec);
        Path truncated = Files.write(dir.resolve("t.npy"), npy("|u1", false, "(2, 2)", new byte[3], false));
        fails(DataException.Problem.UNREADABLE, truncated + ": is not a valid .npy file: shape (2, 2) of '|u1' needs 4 "
                + "data bytes, the file has 3", truncated, null, spec);
        Path notNpy = Files.writeString(dir.resolve("n.npy"), "hello");
        fails(DataException.Problem.UNREADABLE, notNpy + ": is not a valid .npy file: does not start with the NumPy "
                + "magic \\x93NUMPY; save it with numpy.save", notNpy, null, spec);
        Path ok = Files.write(dir.resolve("ok.npy"), npy("|u1", false, "(2, 2)", new byte[4], false));
        Path labels = Files.writeString(dir.resolve("l.txt"), "0\n1\n2\n");
        fails(DataException.Problem.LABEL_COUNT, ok + ": 2 samples but 3 labels; give one label per sample, in sample "
                + "order", ok, labels, spec);
        Files.writeString(labels, "0\n3\n");
        fails(DataException.Problem.LABEL_RANGE, labels + ": line 2: label 3 is outside 0..2 (the model has 3 outputs)",
                ok, labels, spec);
    }

    // ------------------------------------------------------------------------------------------------ CSV

    @Test
    void csvWithAndWithoutHeader() throws IOException {
        InputSpec spec = DataFixtures.flat(3, 0.5, 0, 2);
        Path csv = Files.writeString(dir.resolve("d.csv"), "f0,f1,f2,label\n0.5,1,-1.25,1\n\n2,\"3\",4,0\n");
        Dataset d = read(csv, null, spec);
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertArrayEquals(new byte[] {1, 2, -3}, d.input(0), "-2.5 rounds to -3");
        assertEquals("CSV " + csv + ": 2 rows of 3 values and a label, header line skipped",
                d.description().lines().findFirst().orElseThrow());
        Path plain = Files.writeString(dir.resolve("p.csv"), "1;2;3;1\n");
        assertArrayEquals(new byte[] {2, 4, 6}, read(plain, null, spec).input(0));
    }

    @Test
    void csvErrorsNameLineAndColumn() throws IOException {
        InputSpec spec = DataFixtures.flat(3, 1, 0, 2);
        Path bad = Files.writeString(dir.resolve("bad.csv"), "1,2,3,0\n1,x,3,0\n");
        fails(DataException.Problem.UNREADABLE, bad + ": line 2, column 2: \"x\" is not a number", bad, null, spec);
        Path mixed = Files.writeString(dir.resolve("mixed.csv"), "1,2,3,0\n1,2,0\n");
        fails(DataException.Problem.SHAPE, mixed + ": line 2 has 3 values, line 1 has 4; every row needs 4 (the "
                + "sample's values, then its class index)", mixed, null, spec);
        Path wide = Files.writeString(dir.resolve("wide.csv"), "1,2,3,4,0\n");
        fails(DataException.Problem.SHAPE, wide + ": line 1 has 5 values; the model's input [1, 3] takes 3, so each "
                + "row needs 4 (the sample's values, then its class index)", wide, null, spec);
        Path label = Files.writeString(dir.resolve("label.csv"), "1,2,3,2\n");
        fails(DataException.Problem.LABEL_RANGE, label + ": line 1, column 4: label 2 is outside 0..1 (the model has 2 "
                + "outputs)", label, null, spec);
        Path fraction = Files.writeString(dir.resolve("fraction.csv"), "1,2,3,0.5\n");
        fails(DataException.Problem.LABEL_RANGE, fraction + ": line 1, column 4 (the label): \"0.5\" is not a class "
                + "index (0..1)", fraction, null, spec);
    }

    // ------------------------------------------------------------------------------------------------ records

    @Test
    void rawRecordsWithPlainAndCsvLabels() throws IOException {
        InputSpec spec = DataFixtures.flat(2, 1, -128, 3);
        Path s8 = Files.write(dir.resolve("r.s8"), new byte[] {1, 2, -3, -4});
        Path plain = Files.writeString(dir.resolve("l.txt"), "2\n\n0\n");
        Dataset d = read(s8, plain, spec);
        assertArrayEquals(new byte[] {-3, -4}, d.input(1));
        assertArrayEquals(new int[] {2, 0}, d.labels());
        Path csvLabels = Files.writeString(dir.resolve("labels.csv"), "index,label,name\n0,2,cat\n1,0,ant\n");
        Path u8 = Files.write(dir.resolve("r.u8"), new byte[] {0, (byte) 200, 1, 2});
        d = read(u8, csvLabels, spec);
        assertArrayEquals(new byte[] {-128, 200 - 128}, d.input(0), "uint8 pixels: q = p - 128");
        assertArrayEquals(new int[] {2, 0}, d.labels());
        assertEquals(List.of("0", "1", "2"), d.classNames(), "names only when every class has one");
        Path odd = Files.write(dir.resolve("odd.s8"), new byte[3]);
        fails(DataException.Problem.SHAPE, odd + ": holds 3 bytes, not a whole number of 2-byte records (int8 values "
                + "of the input [1, 2]); give the records concatenated, or set \"rawType\"", odd, plain, spec);
        Path noLabelColumn = Files.writeString(dir.resolve("n.csv.txt"), "index,class\n0,2\n");
        fails(DataException.Problem.LABEL_COUNT, noLabelColumn + ": the header line 1 (index,class) has no \"label\" "
                + "column; name the class index column label", s8, noLabelColumn, spec);
    }

    @Test
    void preprocessingOverridesScaleOffsetMeanAndStdPerChannel() throws IOException {
        Path data = dir.resolve("images");
        png(data.resolve("a/1.png"), 1, 1, (x, y) -> 0xff8000);
        InputSpec spec = new InputSpec(new int[] {1, 1, 1, 3}, TensorType.INT8, 0.02, 0, 1);
        Preprocessing pre = Preprocessing.DEFAULT.withMapping(1 / 255.0, null, List.of(0.5, 0.5, 0.25),
                List.of(0.5, 0.25, 0.5));
        Dataset d = DataReader.read(data, null, spec, pre, Progress.NONE);
        // (255/255 - 0.5)/0.5 = 1 -> 50; (128/255 - 0.5)/0.25 = 0.00784 -> 0.39 -> 0; (0 - 0.25)/0.5 -> -25
        assertArrayEquals(new byte[] {50, 0, -25}, d.input(0));
        assertTrue(d.description().contains("values: x = (v * 0.00392157 + 0 - mean) / std, mean [0.5, 0.5, 0.25], std "
                + "[0.5, 0.25, 0.5] (from the preprocessing settings)"), d::description);
        DataException e = assertThrows(DataException.class, () -> DataReader.read(data, null, spec,
                Preprocessing.DEFAULT.withMapping(null, null, List.of(1.0, 2.0), null), Progress.NONE));
        assertEquals("mean has 2 values, the model's input [1, 1, 1, 3] has 3 channels; give one value, or one per "
                + "channel", e.getMessage());
    }

    // ------------------------------------------------------------------------------------------------ WAV

    @Test
    void wavFolderPadsShortClipsAndRefusesStereo() throws IOException {
        InputSpec spec = new InputSpec(new int[] {1, 4}, TensorType.FLOAT32, 0, 0, 2);
        Path data = dir.resolve("speech");
        Files.createDirectories(data.resolve("no"));
        Files.createDirectories(data.resolve("yes"));
        Files.write(data.resolve("no/1.wav"), DataFixtures.wav(1, 16, (short) 16384, (short) -32768, (short) 1,
                (short) 0));
        Files.write(data.resolve("yes/1.wav"), DataFixtures.wav(1, 16, (short) 3));
        assertEquals(DataReader.Form.WAV_FOLDER, DataReader.detect(data));
        Dataset d = read(data, null, spec);
        assertArrayEquals(new float[] {0.5f, -1f, 1 / 32768f, 0}, d.real(0));
        assertArrayEquals(new float[] {3 / 32768f, 0, 0, 0}, d.real(1));
        assertEquals(16, d.input(0).length, "FLOAT32 input: 4 little-endian floats");
        assertTrue(d.description().startsWith("WAV folder " + data + ": 2 clips in 2 classes (class order = sorted "
                + "folder names), 16-bit PCM mono at 16000 Hz, 1 shorter than 4 samples padded with silence"),
                d::description);
        Files.write(data.resolve("yes/2.wav"), DataFixtures.wav(2, 16, (short) 3, (short) 4));
        fails(DataException.Problem.UNSUPPORTED_TYPE, data.resolve("yes/2.wav") + ": is PCM, 2 channel(s), 16 bits; "
                + "convert it to 16-bit PCM mono (e.g. sox in.wav -b 16 -c 1 out.wav)", data, null, spec);
    }
}
