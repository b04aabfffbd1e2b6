package dev.prunus.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.prunus.core.data.DataReader;
import dev.prunus.core.data.Dataset;
import dev.prunus.core.data.InputSpec;
import dev.prunus.core.data.Preprocessing;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.quantize.CalibrationMethod;
import dev.prunus.core.quantize.CalibrationSource;
import dev.prunus.core.quantize.PostTrainingQuantizer;
import dev.prunus.core.quantize.QuantizeOptions;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.quantize.RawCalibrationRecords;
import dev.prunus.core.tflite.TfliteWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code prunus quantize MODEL --calibration DATA --out FILE}: post-training quantization of a float32 model to
 * TFLite's full-integer int8 form (see docs/quantization.md). DATA holds raw records: little-endian float32 values
 * in the model's input domain, or int8 records decoded with {@code --input-quantization}.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Quantize a float32 model to int8 (per-channel weights, activations calibrated on DATA).")
final class QuantizeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "MODEL", description = "the float32 .tflite model file")
    Path model;

    @Option(names = "--calibration", paramLabel = "DATA", required = true,
            description = "calibration records, concatenated: float32 little-endian values of the input tensor(s), "
                    + "or int8 records (see --calibration-format); or a folder that prunus eval reads (WAV or image "
                    + "class folders), read in the model's input domain")
    Path calibration;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "the int8 .tflite file to write")
    Path out;

    @Option(names = "--calibration-format", paramLabel = "FORMAT",
            description = "float32 or int8; default: int8 for .s8 and .i8 files, float32 otherwise")
    String format;

    @Option(names = "--input-quantization", paramLabel = "SCALE,ZP",
            description = "fix the int8 input's scale and zero point instead of calibrating it (pretrainedResnet: "
                    + "1,-128 takes pixel-128 records); also decodes int8 calibration records (real = SCALE*(q-ZP))")
    String inputQuantization;

    @Option(names = "--float-io", description = "keep float32 inputs and outputs (QUANTIZE / DEQUANTIZE at the edges)")
    boolean floatIo;

    @Option(names = "--per-tensor-fc",
            description = "one scale per FULLY_CONNECTED weight tensor instead of one per output row")
    boolean perTensorFc;

    @Option(names = "--samples", paramLabel = "N", description = "use only the first N calibration records")
    Integer samples;

    @Option(names = "--calibration-method", paramLabel = "METHOD",
            description = "min-max (default, as TFLite's calibrator), percentile (all but 0.01 %% on each side), mse "
                    + "(least expected int8 error) or averaged (mean of the per-record min and max)")
    String method;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Model floatModel = InspectCommand.readModel(model);
        // Refuse int8 models and unsupported operators before reading the data.
        PostTrainingQuantizer.checkQuantizable(floatModel);
        QuantizeOptions options = QuantizeOptions.defaults().withFloatIo(floatIo)
                .withPerChannelFullyConnected(!perTensorFc);
        float scale = Float.NaN;
        int zeroPoint = 0;
        if (inputQuantization != null) {
            String[] parts = inputQuantization.split(",");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                scale = Float.parseFloat(parts[0].trim());
                zeroPoint = Integer.parseInt(parts[1].trim());
            } catch (NumberFormatException e) {
                throw new CommandFailure("--input-quantization " + inputQuantization
                        + " is not SCALE,ZP (for example 1,-128 or 0.0039215686,-128)");
            }
            options = options.withInputQuantization(scale, zeroPoint);
        }
        if (samples != null) {
            if (samples <= 0) {
                throw new CommandFailure("--samples must be positive, was " + samples);
            }
            options = options.withMaxSamples(samples);
        }
        if (method != null) {
            options = options.withMethod(switch (method) {
                case "min-max" -> CalibrationMethod.MIN_MAX;
                case "percentile" -> CalibrationMethod.PERCENTILE;
                case "averaged" -> CalibrationMethod.AVERAGED_MIN_MAX;
                case "mse" -> CalibrationMethod.MSE;
                default -> throw new CommandFailure("--calibration-method " + method
                        + " is not known; use min-max, percentile, mse or averaged");
            });
        }
        CalibrationSource data = readCalibration(floatModel, scale, zeroPoint);
        PostTrainingQuantizer.Result result = PostTrainingQuantizer.quantize(floatModel, data, options);
        // The result must run in the reference interpreter before it is written.
        Interpreter.create(result.model());
        boolean written = OutputFiles.writeIfChanged(out, TfliteWriter.write(result.model()));
        PrintWriter o = spec.commandLine().getOut();
        Graph g = result.model().main();
        o.printf(Locale.ROOT, "quantized %d operators with %d calibration records%n", g.operators().size(),
                result.samplesUsed());
        if (result.floatOperators() > 0) {
            o.printf(Locale.ROOT, "kept %d operators float32 (a front end without int8 form, entering the int8 graph "
                    + "through QUANTIZE)%n", result.floatOperators());
        }
        for (int t : g.inputs()) {
            o.println("input  " + describe(g.tensor(t)));
        }
        for (int t : g.outputs()) {
            o.println("output " + describe(g.tensor(t)));
        }
        o.println((written ? "wrote " : "unchanged ") + out);
        o.flush();
        return 0;
    }

    private static String describe(Tensor t) {
        return t.type() + java.util.Arrays.toString(t.shape())
                + (t.quantization().isQuantized() ? " scale=" + t.quantization().scale(0) + " zero_point="
                        + t.quantization().zeroPoint(0) : "");
    }

    private CalibrationSource readCalibration(Model floatModel, float scale, int zeroPoint) throws IOException {
        Graph g = floatModel.main();
        if (Files.isDirectory(calibration)) {
            if (g.inputs().length != 1) {
                throw new CommandFailure("a calibration folder feeds single-input models; this one has "
                        + g.inputs().length + " inputs: give raw float32 records of all inputs instead");
            }
            // The folder forms of prunus eval; labels, when the folders give them, are not used.
            Dataset d = DataReader.read(calibration, null, InputSpec.of(floatModel), Preprocessing.DEFAULT,
                    Progress.NONE);
            return new CalibrationSource() {
                @Override
                public int size() {
                    return d.size();
                }

                @Override
                public float[][] sample(int index) {
                    return new float[][] {d.real(index)};
                }
            };
        }
        if (!Files.isRegularFile(calibration)) {
            throw new CommandFailure("calibration file not found: " + calibration);
        }
        String name = calibration.getFileName().toString().toLowerCase(Locale.ROOT);
        String f = format != null ? format : name.endsWith(".s8") || name.endsWith(".i8") ? "int8" : "float32";
        byte[] bytes = Files.readAllBytes(calibration);
        switch (f) {
            case "float32":
                return RawCalibrationRecords.float32(bytes, g);
            case "int8":
                if (Float.isNaN(scale)) {
                    throw new CommandFailure("int8 calibration records need --input-quantization SCALE,ZP to decode"
                            + " them (real = SCALE * (q - ZP))");
                }
                return RawCalibrationRecords.int8(bytes, g, scale, zeroPoint);
            default:
                throw new CommandFailure("--calibration-format " + f + " is not known; use float32 or int8");
        }
    }
}
