package dev.prunus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class EvalCommandTest extends CliTestSupport {

    /** DIR/<class>/<i>.png for the demo model's four classes, 20x12 images resized to its 16x16 input. */
    private Path imageFolder(int classes) throws Exception {
        Path data = dir.resolve("images");
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < 3; i++) {
                BufferedImage image = new BufferedImage(20, 12, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < 12; y++) {
                    for (int x = 0; x < 20; x++) {
                        image.setRGB(x, y, (c * 60 + i * 7 + x * 5) << (8 * (c % 3)));
                    }
                }
                Path file = data.resolve("class" + c).resolve(i + ".png");
                Files.createDirectories(file.getParent());
                ImageIO.write(image, "png", file.toFile());
            }
        }
        return data;
    }

    @Test
    void evalPrintsTop1PerClassAccuracyAndTheConfusionMatrix() throws Exception {
        Path model = demoModel("demo_cnn.tflite");
        Path data = imageFolder(4);
        assertEquals(0, run("eval", model.toString(), "--data", data.toString()), err::toString);
        String text = out.toString();
        assertTrue(text.matches("(?s).*\ntop1 \\d+/12 \\(\\d+\\.\\d\\d%\\)\n.*"), text);
        assertTrue(text.contains("# images: resized bilinear (Pillow's, antialiased when shrinking) to 16x16 from "
                + "20x12 (12); channels R, G, B"), text);
        assertTrue(text.contains("per class:\n   0 class0 "), text);
        assertTrue(text.contains("confusion matrix (rows: label, columns: predicted):"), text);
        assertEquals(0, run("eval", model.toString(), "--data", data.toString(), "--json"), err::toString);
        JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
        assertEquals(12, o.getAsJsonObject("top1").get("total").getAsInt());
        assertEquals(4, o.getAsJsonArray("classes").size());
        assertEquals(4, o.getAsJsonArray("confusion").size());
        assertEquals("class3", o.getAsJsonArray("classes").get(3).getAsJsonObject().get("name").getAsString());
    }

    @Test
    void rawRecordsWithSettingsPreprocessingAndErrorsAreOneLine() throws Exception {
        Path model = demoModel("demo_cnn.tflite");
        Path records = Files.write(dir.resolve("in.u8"), new byte[2 * 16 * 16 * 3]);
        Path labels = Files.writeString(dir.resolve("labels.txt"), "1\n2\n");
        Path settings = Files.writeString(dir.resolve("demo.prunus.json"),
                "{\"schema\": 1, \"model\": \"demo_cnn.tflite\", \"preprocessing\": {\"scale\": 0.5}}");
        assertEquals(0, run("eval", model.toString(), "--data", records.toString(), "--labels", labels.toString(),
                "--settings", settings.toString()), err::toString);
        assertTrue(out.toString().contains("# values: x = (v * 0.5 + 0 - mean) / std, mean [0, 0, 0], std [1, 1, 1]"),
                out::toString);
        assertEquals(1, run("eval", model.toString(), "--data", imageFolder(3).toString()));
        assertEquals("prunus eval: " + dir.resolve("images") + ": has 3 classes [class0, class1, class2], the model "
                + "has 4 outputs; give one class folder per output (and a labels.txt with their names in output "
                + "order)", err.toString().strip());
        assertEquals(1, run("eval", model.toString(), "--data", records.toString()));
        assertEquals("prunus eval: the data has no labels; give a labels file (one class index per line) to measure "
                + "accuracy", err.toString().strip());
        assertEquals(1, run("eval", model.toString(), "--data", records.toString(), "--raw-type", "int4"));
        assertEquals("prunus eval: --raw-type int4 is not known; use one of [int8, uint8, float32]",
                err.toString().strip());
    }

    @Test
    void resNetOnTheSharedCifar10TestImagesScoresTflmsFigure() throws Exception {
        Optional<Path> shared = SharedDir.root();
        assumeTrue(shared.isPresent(), "../shared is not next to this checkout; set -Dprunus.shared=DIR");
        Path model = shared.get().resolve("models/mlperf_tiny/pretrainedResnet_quant.tflite");
        Path samples = shared.get().resolve("samples/cifar10");
        assertEquals(0, run("eval", model.toString(), "--data",
                samples.resolve("cifar10_test_0000-0465_u8_nhwc.bin").toString(), "--raw-type", "uint8", "--labels",
                samples.resolve("labels.csv").toString()), err::toString);
        assertTrue(out.toString().contains("\ntop1 414/466 (88.84%)\n"), out::toString);
        assertTrue(out.toString().contains("   3 cat "), out::toString);
    }
}
