package dev.prunus.core.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import dev.prunus.core.PrunusException;
import dev.prunus.core.ir.Model;
import dev.prunus.core.prune.PruneReport;
import dev.prunus.core.prune.PruneResult;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsIO;
import dev.prunus.core.tflite.TfliteReader;
import dev.prunus.core.tflite.TfliteWriter;

/**
 * The trained pruning result kept beside the outputs ({@value #FOLDER}{@code /<symbol>.trained}), under a key that
 * hashes everything training depends on: the model's bytes, the settings that change the result (all but the
 * output folder and the model's path), the bytes of every file the settings name, and the training and validation
 * data (every file of a folder, by relative path). A build whose key is unchanged reads the pruned model and its
 * report from the entry and trains nothing; any change retrains. The entry is derived data: deleting it only costs
 * a retraining. Format: a header line {@code prunus-trained 1 <key>}, then the pruned .tflite and the report as
 * JSON, each preceded by its length (4 bytes, big-endian).
 */
final class TrainingCache {

    /** Hidden folder of the output folder holding the entries. */
    static final String FOLDER = ".prunus-cache";
    private static final String MAGIC = "prunus-trained 1 ";
    /**
     * How Prunus trains, in the key: a new recipe (here: training from the one-shot compensated model with
     * relative rates) gives other results for the same inputs, so entries of an older recipe are not reused.
     */
    static final String RECIPE = "one-shot start, relative Adam rates";
    private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

    private TrainingCache() {
    }

    static String path(String symbol) {
        return FOLDER + "/" + symbol + ".trained";
    }

    /** The key of a run: SHA-256 (hex) of the model, the settings that matter and the data they name. */
    static String key(PipelineRequest request, PrunusSettings settings) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        update(md, "recipe", RECIPE.getBytes(StandardCharsets.UTF_8));
        update(md, "model", request.model());
        update(md, "settings", SettingsIO.write(new PrunusSettings(settings.schema(), "",
                settings.target(), settings.budget(), settings.method(), settings.ratio(), settings.layers(),
                settings.calibration(), settings.validation(), settings.labels(), null, settings.fineTune(),
                settings.preprocessing(), settings.training())));
        for (String named : new String[] {settings.calibration(), settings.validation(), settings.labels()}) {
            if (named != null) {
                try {
                    update(md, named, request.files().read(named));
                } catch (IOException e) {
                    throw new PrunusException("cannot read '" + named + "' named in the settings: " + e.getMessage(), e);
                }
            }
        }
        PrunusSettings.Training t = settings.training();
        for (String named : new String[] {t.data(), t.labels(), t.validation()}) {
            if (named != null) {
                hashTree(md, TrainingInput.resolve(request, named, "training"));
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void hashTree(MessageDigest md, Path root) {
        try {
            if (Files.isRegularFile(root)) {
                update(md, root.getFileName().toString(), Files.readAllBytes(root));
                return;
            }
            List<Path> files;
            try (Stream<Path> s = Files.walk(root)) {
                files = s.filter(Files::isRegularFile).sorted().toList();
            }
            for (Path f : files) {
                update(md, root.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new PrunusException("cannot read the training data " + root + ": " + e.getMessage(), e);
        }
    }

    private static void update(MessageDigest md, String name, byte[] bytes) {
        md.update(name.getBytes(StandardCharsets.UTF_8));
        md.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
        md.update(bytes);
    }

    /** The entry's bytes. */
    static byte[] encode(String key, PruneResult result) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((MAGIC + key + "\n").getBytes(StandardCharsets.US_ASCII));
        section(out, TfliteWriter.write(result.pruned()));
        section(out, GSON.toJson(withoutTimes(result.report())).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * The report without the wall time of each epoch: the entry is an output, and outputs are the same bytes for the
     * same inputs on every run and machine (IDE and command line alike); how long training took is not an input.
     */
    static PruneReport withoutTimes(PruneReport r) {
        List<PruneReport.Epoch> epochs = r.training() == null ? null : r.training().stream()
                .map(e -> new PruneReport.Epoch(e.epoch(), e.loss(), e.validationTop1(), 0, e.prunedFraction()))
                .toList();
        return new PruneReport(r.method(), r.criterion(), r.allocation(), r.layers(), r.before(), r.after(),
                r.fidelity(), r.notes(), r.explored(), epochs);
    }

    private static void section(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }

    /** The cached result when {@code entry} holds one for {@code key}, else null (absent, stale or unreadable). */
    static PruneResult decode(byte[] entry, String key) {
        byte[] head = (MAGIC + key + "\n").getBytes(StandardCharsets.US_ASCII);
        if (entry == null || entry.length < head.length
                || !java.util.Arrays.equals(entry, 0, head.length, head, 0, head.length)) {
            return null;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(entry, head.length, entry.length - head.length);
            Model model = TfliteReader.read(section(b));
            PruneReport report = GSON.fromJson(new String(section(b), StandardCharsets.UTF_8), PruneReport.class);
            return report == null ? null : new PruneResult(model, report);
        } catch (RuntimeException e) {
            // A damaged entry is derived data: retrain rather than fail.
            return null;
        }
    }

    private static byte[] section(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0 || n > b.remaining()) {
            throw new IllegalArgumentException("truncated cache entry");
        }
        byte[] out = new byte[n];
        b.get(out);
        return out;
    }
}
