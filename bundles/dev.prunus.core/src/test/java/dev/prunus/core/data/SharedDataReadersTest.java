package dev.prunus.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Model;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.testing.SharedData;
import dev.prunus.core.tflite.TfliteReader;

/** The readers on the real data in ../shared/samples (skipped with a message when it is absent). */
class SharedDataReadersTest {

    private static Model model(String relative) throws IOException {
        return TfliteReader.read(SharedData.require(relative));
    }

    @Test
    void cifar10TrainingPngsGiveExactlyPixelsMinus128ForResNet() throws Exception {
        Path dir = SharedData.require("samples/cifar10-train/labels.txt").getParent();
        Path manifest = SharedData.require("samples/cifar10-train.manifest.tsv");
        InputSpec spec = InputSpec.of(model("models/mlperf_tiny/pretrainedResnet_quant.tflite"));
        Dataset d = DataReader.read(dir, null, spec, Preprocessing.DEFAULT, Progress.NONE);
        assertEquals(5438, d.size());
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                d.classNames());
        // The manifest gives each file's label and a hash of its pixels in CIFAR's planar (CHW) order.
        Map<String, String[]> rows = new HashMap<>();
        for (String line : Files.readAllLines(manifest).subList(1, 5439)) {
            String[] f = line.split("\t");
            rows.put(f[0], f);
        }
        int s = 0;
        for (String name : d.classNames()) {
            try (var files = Files.list(dir.resolve(name))) {
                for (Path file : files.sorted().toList()) {
                    String[] row = rows.get(name + "/" + file.getFileName());
                    assertEquals(Integer.parseInt(row[1]), d.label(s), file::toString);
                    byte[] q = d.input(s);
                    byte[] planar = new byte[3072];
                    for (int i = 0; i < 1024; i++) {
                        for (int c = 0; c < 3; c++) {
                            planar[c * 1024 + i] = (byte) (q[i * 3 + c] + 128);
                        }
                    }
                    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(planar));
                    assertEquals(row[6], sha.substring(0, 12), () -> file + ": q + 128 is not the file's pixels");
                    s++;
                }
            }
        }
        assertEquals(5438, s);
    }

    @Test
    void cifar10TestBytesAsPixelsGiveTheReadyMadeInputsAndTflmsAccuracy() throws IOException {
        Model m = model("models/mlperf_tiny/pretrainedResnet_quant.tflite");
        Path bin = SharedData.require("samples/cifar10/cifar10_test_0000-0465_u8_nhwc.bin");
        Path labels = SharedData.require("samples/cifar10/labels.csv");
        byte[] want = Files.readAllBytes(SharedData.require("samples/inputs/pretrainedResnet_quant__cifar10.s8"));
        Dataset d = DataReader.read(bin, labels, InputSpec.of(m), Preprocessing.DEFAULT.withRawType("uint8"),
                Progress.NONE);
        assertEquals("cat", d.classNames().get(3), "names from the name column of labels.csv");
        for (int i = 0; i < d.size(); i++) {
            assertArrayEquals(java.util.Arrays.copyOfRange(want, i * 3072, (i + 1) * 3072), d.input(i), "image " + i);
        }
        Evaluation e = Evaluation.run(Interpreter.create(m), d, Progress.NONE);
        assertEquals("top1 414/466 (88.84%)", e.top1Text(), "TFLite Micro's figure for these images");
    }

    @Test
    void vwwJpegsResizedLikePillowBilinear() throws IOException {
        Path person = SharedData.require("samples/vww/person.jpg");
        Path noPerson = SharedData.require("samples/vww/no_person.jpg");
        Path dir = Files.createTempDirectory("prunus-vww");
        try {
            Files.createDirectories(dir.resolve("no_person"));
            Files.createDirectories(dir.resolve("person"));
            Files.copy(noPerson, dir.resolve("no_person/no_person.jpg"));
            Files.copy(person, dir.resolve("person/person.jpg"));
            Dataset d = DataReader.read(dir, null, InputSpec.of(model("models/mlperf_tiny/vww_96_int8.tflite")),
                    Preprocessing.DEFAULT, Progress.NONE);
            // The shared .bin files were made with Pillow 9.4's resize(BILINEAR): equal byte for byte.
            String[] bins = {"no_person_rgb96_u8.bin", "person_rgb96_u8.bin"};
            for (int i = 0; i < 2; i++) {
                byte[] u8 = Files.readAllBytes(person.resolveSibling(bins[i]));
                byte[] q = d.input(i);
                for (int k = 0; k < q.length; k++) {
                    q[k] += 128;
                }
                assertArrayEquals(u8, q, bins[i]);
            }
        } finally {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void streamingWakewordNpzWithItsOwnKeys() throws IOException {
        Model m = model("models/mlperf_tiny/str_ww_ref_model.tflite");
        Path npz = SharedData.require("samples/sww/calibration_samples.npz");
        byte[] want = Files.readAllBytes(SharedData.require("samples/sww/calibration_int8_45x30x1x40.bin"));
        Dataset d = DataReader.read(npz, null, InputSpec.of(m), Preprocessing.DEFAULT.withNpzKeys("specs", "labels"),
                Progress.NONE);
        assertEquals(45, d.size());
        int differing = 0;
        for (int i = 0; i < d.size(); i++) {
            byte[] q = d.input(i);
            for (int k = 0; k < q.length; k++) {
                int diff = Math.abs(q[k] - want[i * q.length + k]);
                assertTrue(diff <= 1, "sample " + i + " value " + k);
                differing += diff;
            }
        }
        // The shared bytes were made with s = 0.0037010387, the model's input scale is 0.0037010426: six values
        // (measured) land on the other side of a rounding boundary. With the README's s, numpy agrees on every value.
        assertTrue(differing <= 10, differing + " values differ");
        assertEquals(15, java.util.Arrays.stream(d.labels()).filter(l -> l == 0).count());
    }

    @Test
    void speechCommandsWavFolderAsFloatAudio() throws IOException {
        Path dir = SharedData.require("samples/speech_commands/labels.txt").getParent();
        InputSpec spec = InputSpec.of(model("models/float/kwt1_float.tflite"));
        Dataset d = DataReader.read(dir, null, spec, Preprocessing.DEFAULT, Progress.NONE);
        assertEquals(720, d.size());
        assertEquals(12, d.classNames().size());
        assertEquals("_silence_", d.classNames().get(0));
        assertTrue(d.description().contains("16-bit PCM mono at 16000 Hz"), d::description);
        float[] x = d.real(100);
        for (float v : x) {
            assertTrue(v >= -1 && v < 1);
            assertEquals(v, Math.round(v * 32768) / 32768f);
        }
    }
}
