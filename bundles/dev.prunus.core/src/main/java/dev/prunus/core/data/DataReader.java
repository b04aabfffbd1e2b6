package dev.prunus.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import dev.prunus.core.progress.Progress;

/**
 * Reads labelled data in the forms users hold it, for one model's input ({@link InputSpec}):
 * <ul>
 * <li>a folder {@code DIR/<class>/*.{png,jpg,jpeg,bmp,gif}} or {@code DIR/<class>/*.wav}, class order from
 * {@code DIR/labels.txt} or the sorted folder names;</li>
 * <li>{@code .npy} samples along axis 0 (labels from a labels file), {@code .npz} with samples and labels under
 * the keys {@code x} and {@code y} (configurable);</li>
 * <li>{@code .csv}: one sample per row, its values then the class index; a header line is detected and skipped;</li>
 * <li>any other file: raw records of the input tensor's size (int8 bytes; uint8 pixels for {@code .u8}, float32
 * for {@code .f32}) with a labels file.</li>
 * </ul>
 * A labels file holds one class index per line, or is a CSV with a header naming a {@code label} column (and
 * optionally a {@code name} column), or a {@code .npy} of indices or one-hot rows. Every problem is a
 * {@link DataException} naming the file; nothing is written.
 */
public final class DataReader {

    /** The forms {@link #detect} tells apart. */
    public enum Form {
        IMAGE_FOLDER, WAV_FOLDER, NPY, NPZ, CSV, RAW_RECORDS
    }

    private DataReader() {
    }

    /** Which form a path holds: a folder of images or WAVs, else by the file's ending. */
    public static Form detect(Path data) throws IOException {
        if (Files.isDirectory(data)) {
            return ClassFolders.holds(data, WavFolderReader.EXTENSIONS)
                    && !ClassFolders.holds(data, ImageFolderReader.EXTENSIONS) ? Form.WAV_FOLDER : Form.IMAGE_FOLDER;
        }
        if (!Files.isRegularFile(data)) {
            throw new DataException(DataException.Problem.UNREADABLE, data, "does not exist; give a folder of class "
                    + "folders, a .npy, .npz or .csv file, or raw input records");
        }
        String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            return Form.NPY;
        }
        if (name.endsWith(".npz")) {
            return Form.NPZ;
        }
        return name.endsWith(".csv") ? Form.CSV : Form.RAW_RECORDS;
    }

    /**
     * Reads labelled data for a model.
     *
     * @param data     folder or file, see the class comment
     * @param labels   labels file for .npy and raw records (and .npz without labels), or null
     * @param spec     the model's input and class count
     * @param pre      preprocessing overrides ({@link Preprocessing#DEFAULT} for none)
     * @param progress reading progress and cancellation (image and WAV folders)
     */
    public static Dataset read(Path data, Path labels, InputSpec spec, Preprocessing pre, Progress progress)
            throws IOException {
        Form form = detect(data);
        if (labels != null && (form == Form.IMAGE_FOLDER || form == Form.WAV_FOLDER || form == Form.CSV)) {
            throw new DataException(DataException.Problem.LABEL_COUNT, labels, "is not used: "
                    + (form == Form.CSV ? "a CSV row ends with its label" : "the class folders give the labels")
                    + "; leave the labels file out");
        }
        RawData raw = switch (form) {
            case IMAGE_FOLDER -> ImageFolderReader.read(data, spec, pre, progress);
            case WAV_FOLDER -> WavFolderReader.read(data, spec, progress);
            case NPY -> npy(data, labels, spec);
            case NPZ -> npz(data, labels, spec, pre);
            case CSV -> csv(data, spec);
            case RAW_RECORDS -> records(data, labels, spec, pre);
        };
        return new Dataset(raw, spec, pre, data);
    }

    // ------------------------------------------------------------------------------------------------ NumPy

    private static RawData npy(Path file, Path labels, InputSpec spec) throws IOException {
        NpyReader.NpyArray x = NpyReader.read(Files.readAllBytes(file), file);
        RawData raw = samples(x, file, spec);
        Labels l = labels == null ? null : readLabels(labels, spec);
        return raw.labelled(l == null ? null : l.indices, l == null ? null : l.names,
                "NumPy " + file + ": " + raw.count + " samples " + x.shapeText() + " " + dtypeName(x.dtype())
                        + (l == null ? ", no labels" : ", labels from " + labels + l.note));
    }

    private static RawData npz(Path file, Path labels, InputSpec spec, Preprocessing pre) throws IOException {
        String xKey = pre.npzInputsOrDefault();
        String yKey = pre.npzLabelsOrDefault();
        NpyReader.NpyArray x;
        NpyReader.NpyArray y;
        List<String> keys = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.stream().forEach(e -> keys.add(e.getName().endsWith(".npy")
                    ? e.getName().substring(0, e.getName().length() - 4) : e.getName()));
            byte[] xBytes = entry(zip, xKey);
            if (xBytes == null) {
                throw new DataException(DataException.Problem.UNREADABLE, file, "has no array \"" + xKey
                        + "\" (it holds " + keys + "); set \"npzInputs\" in the preprocessing settings to the "
                        + "samples' key");
            }
            x = NpyReader.read(xBytes, Path.of(file + ":" + xKey));
            byte[] yBytes = labels == null ? entry(zip, yKey) : null;
            y = yBytes == null ? null : NpyReader.read(yBytes, Path.of(file + ":" + yKey));
        } catch (ZipException | java.io.EOFException e) {
            throw new DataException(DataException.Problem.UNREADABLE, file, "is not a valid .npz (zip) file ("
                    + e + "); save it with numpy.savez", e);
        }
        RawData raw = samples(x, Path.of(file + ":" + xKey), spec);
        Labels l = labels != null ? readLabels(labels, spec)
                : y != null ? labelsFromArray(y, Path.of(file + ":" + yKey), spec) : null;
        String from = labels != null ? "labels from " + labels + l.note
                : y != null ? "labels \"" + yKey + "\"" + l.note
                        : "no labels (no \"" + yKey + "\" key; set \"npzLabels\" or give a labels file)";
        return raw.labelled(l == null ? null : l.indices, l == null ? null : l.names, "NumPy " + file + ": "
                + raw.count + " samples \"" + xKey + "\" " + x.shapeText() + " " + dtypeName(x.dtype()) + ", " + from);
    }

    private static byte[] entry(ZipFile zip, String key) throws IOException {
        ZipEntry e = zip.getEntry(key + ".npy");
        if (e == null) {
            e = zip.getEntry(key);
        }
        if (e == null) {
            return null;
        }
        try (InputStream in = zip.getInputStream(e)) {
            // A small zip may expand to any size: read no more than the bound, whatever the entry claims.
            byte[] bytes = in.readNBytes(MAX_NPZ_ENTRY_BYTES + 1);
            if (bytes.length > MAX_NPZ_ENTRY_BYTES) {
                throw new ZipException("the entry " + e.getName() + " expands to more than " + MAX_NPZ_ENTRY_BYTES
                        + " bytes, the most Prunus reads from one .npz entry");
            }
            return bytes;
        }
    }

    /** Largest .npz entry read (after decompression): far beyond a microcontroller model's data set. */
    static final int MAX_NPZ_ENTRY_BYTES = 256 << 20;

    private static RawData samples(NpyReader.NpyArray x, Path file, InputSpec spec) {
        if (x.shape().length == 0) {
            throw new DataException(DataException.Problem.SHAPE, file, "holds a single number; samples go along "
                    + "axis 0, e.g. shape (N, " + String.join(", ", dims(spec)) + ")");
        }
        int count = (int) x.shape()[0];
        long length = count == 0 ? 0 : x.size() / count;
        if (count > 0 && length != spec.elementCount()) {
            throw new DataException(DataException.Problem.SHAPE, file, "shape " + x.shapeText() + " gives samples of "
                    + length + " values; the model's input " + spec.shapeText() + " takes " + spec.elementCount()
                    + " (samples go along axis 0: shape (N, " + String.join(", ", dims(spec)) + "))");
        }
        int n = spec.elementCount();
        return switch (x.dtype()) {
            case "u1" -> RawData.ofBytes(RawData.Kind.PIXELS, count, n, x.bytes());
            case "i1" -> RawData.ofBytes(RawData.Kind.INT8_INPUT, count, n, x.bytes());
            case "f4" -> RawData.ofFloats(RawData.Kind.REAL, count, n, x.floats());
            case "f8" -> RawData.ofDoubles(RawData.Kind.REAL, count, n, x.doubles());
            default -> throw new DataException(DataException.Problem.UNSUPPORTED_TYPE, file, "samples have dtype "
                    + dtypeName(x.dtype()) + "; save them as uint8 (pixels), int8 (the input tensor's values), "
                    + "float32 or float64 (real values)");
        };
    }

    private static List<String> dims(InputSpec spec) {
        List<String> d = new ArrayList<>();
        int[] shape = spec.shape();
        for (int i = 1; i < shape.length; i++) {
            d.add(Integer.toString(shape[i]));
        }
        return d;
    }

    private static String dtypeName(String dtype) {
        return switch (dtype) {
            case "u1" -> "uint8";
            case "i1" -> "int8";
            case "f4" -> "float32";
            case "f8" -> "float64";
            case "u2" -> "uint16";
            case "i2" -> "int16";
            case "u4" -> "uint32";
            case "i4" -> "int32";
            case "u8" -> "uint64";
            default -> "int64";
        };
    }

    // ------------------------------------------------------------------------------------------------ labels

    /** Class indices, and class names when the labels file gives one for every class. */
    private record Labels(int[] indices, List<String> names, String note) {
    }

    private static Labels labelsFromArray(NpyReader.NpyArray y, Path file, InputSpec spec) {
        long[] shape = y.shape();
        int count = shape.length == 0 ? 0 : (int) shape[0];
        int[] v = new int[count];
        if (shape.length == 2 && shape[1] == spec.classes() && spec.classes() > 1) {
            // One-hot (or probability) rows: the class is the largest entry.
            int k = spec.classes();
            for (int i = 0; i < count; i++) {
                int best = 0;
                for (int j = 1; j < k; j++) {
                    if (y.value(i * k + j) > y.value(i * k + best)) {
                        best = j;
                    }
                }
                v[i] = best;
            }
            return new Labels(v, null, " (one-hot rows, argmax)");
        }
        if (shape.length == 0 || y.size() != count) {
            throw new DataException(DataException.Problem.SHAPE, file, "labels of shape " + y.shapeText()
                    + " are neither one index per sample (N,) nor one-hot rows (N, " + spec.classes() + ")");
        }
        for (int i = 0; i < count; i++) {
            double d = y.value(i);
            if (d != Math.rint(d)) {
                throw new DataException(DataException.Problem.LABEL_RANGE, file, "label " + d + " of sample " + i
                        + " is not a whole number; give class indices 0.." + (spec.classes() - 1));
            }
            v[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, d));
        }
        return new Labels(v, null, "");
    }

    /** Reads a labels file: one index per line, a CSV with a {@code label} column, or a {@code .npy}. */
    static Labels readLabels(Path file, InputSpec spec) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DataException(DataException.Problem.UNREADABLE, file, "labels file does not exist");
        }
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npy")) {
            return labelsFromArray(NpyReader.read(Files.readAllBytes(file), file), file, spec);
        }
        List<String> lines = textLines(file);
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        char delimiter = first < lines.size() ? delimiter(lines.get(first)) : ',';
        int labelColumn = 0;
        int nameColumn = -1;
        int start = first;
        String[] head = first < lines.size() ? split(lines.get(first), delimiter) : new String[0];
        if (head.length > 1 || (head.length == 1 && !isNumber(head[0]))) {
            if (Arrays.stream(head).allMatch(DataReader::isNumber)) {
                throw new DataException(DataException.Problem.LABEL_COUNT, file, "line " + (first + 1) + " has "
                        + head.length + " columns and no header; give one class index per line, or a header line "
                        + "naming the \"label\" column (e.g. index,label,name)");
            }
            labelColumn = -1;
            for (int c = 0; c < head.length; c++) {
                String h = head[c].toLowerCase(Locale.ROOT);
                if (h.equals("label")) {
                    labelColumn = c;
                } else if (h.equals("name") || h.equals("class")) {
                    nameColumn = c;
                }
            }
            if (labelColumn < 0) {
                throw new DataException(DataException.Problem.LABEL_COUNT, file, "the header line " + (first + 1)
                        + " (" + String.join(",", head) + ") has no \"label\" column; name the class index column "
                        + "label");
            }
            start = first + 1;
        }
        List<Integer> values = new ArrayList<>();
        TreeMap<Integer, String> names = new TreeMap<>();
        for (int i = start; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = split(lines.get(i), delimiter);
            if (f.length <= labelColumn) {
                throw new DataException(DataException.Problem.LABEL_COUNT, file, "line " + (i + 1) + " has "
                        + f.length + " column(s); the label is in column " + (labelColumn + 1));
            }
            int label;
            try {
                label = Integer.parseInt(f[labelColumn]);
            } catch (NumberFormatException e) {
                throw new DataException(DataException.Problem.LABEL_RANGE, file, "line " + (i + 1) + ", column "
                        + (labelColumn + 1) + ": \"" + f[labelColumn] + "\" is not a class index (0.."
                        + (spec.classes() - 1) + ")");
            }
            if (label < 0 || label >= spec.classes()) {
                throw new DataException(DataException.Problem.LABEL_RANGE, file, "line " + (i + 1) + ": label "
                        + label + " is outside 0.." + (spec.classes() - 1) + " (the model has " + spec.classes()
                        + " outputs)");
            }
            values.add(label);
            if (nameColumn >= 0 && f.length > nameColumn) {
                names.putIfAbsent(label, f[nameColumn]);
            }
        }
        int[] v = values.stream().mapToInt(Integer::intValue).toArray();
        List<String> classNames = names.size() == spec.classes() ? List.copyOf(names.values()) : null;
        return new Labels(v, classNames, classNames != null ? " (class names from its name column)" : "");
    }

    // ------------------------------------------------------------------------------------------------ CSV

    /** The lines of a text file (CSV, labels), which must be UTF-8 (ASCII is). */
    private static List<String> textLines(Path file) throws IOException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataException(DataException.Problem.UNREADABLE, file, "is not UTF-8 text (" + e + "); save it "
                    + "as plain text (UTF-8 or ASCII)", e);
        }
    }

    private static RawData csv(Path file, InputSpec spec) throws IOException {
        List<String> lines = textLines(file);
        int n = spec.elementCount();
        int first = 0;
        while (first < lines.size() && lines.get(first).isBlank()) {
            first++;
        }
        if (first == lines.size()) {
            throw new DataException(DataException.Problem.EMPTY_CLASS, file, "is empty; give one sample per row: "
                    + n + " values, then the class index");
        }
        char delimiter = delimiter(lines.get(first));
        boolean header = !Arrays.stream(split(lines.get(first), delimiter)).allMatch(DataReader::isNumber);
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int firstRowLine = -1;
        for (int i = header ? first + 1 : first; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] f = split(lines.get(i), delimiter);
            if (firstRowLine < 0) {
                firstRowLine = i + 1;
                if (f.length != n + 1) {
                    throw new DataException(DataException.Problem.SHAPE, file, "line " + (i + 1) + " has " + f.length
                            + " values; the model's input " + spec.shapeText() + " takes " + n + ", so each row needs "
                            + (n + 1) + " (the sample's values, then its class index)");
                }
            } else if (f.length != n + 1) {
                throw new DataException(DataException.Problem.SHAPE, file, "line " + (i + 1) + " has " + f.length
                        + " values, line " + firstRowLine + " has " + (n + 1) + "; every row needs " + (n + 1)
                        + " (the sample's values, then its class index)");
            }
            double[] row = new double[n];
            for (int c = 0; c < n; c++) {
                try {
                    row[c] = Double.parseDouble(f[c]);
                } catch (NumberFormatException e) {
                    throw new DataException(DataException.Problem.UNREADABLE, file, "line " + (i + 1) + ", column "
                            + (c + 1) + ": \"" + f[c] + "\" is not a number");
                }
            }
            String l = f[n];
            int label;
            try {
                label = Integer.parseInt(l);
            } catch (NumberFormatException e) {
                throw new DataException(DataException.Problem.LABEL_RANGE, file, "line " + (i + 1) + ", column "
                        + (n + 1) + " (the label): \"" + l + "\" is not a class index (0.." + (spec.classes() - 1)
                        + ")");
            }
            if (label < 0 || label >= spec.classes()) {
                throw new DataException(DataException.Problem.LABEL_RANGE, file, "line " + (i + 1) + ", column "
                        + (n + 1) + ": label " + label + " is outside 0.." + (spec.classes() - 1) + " (the model has "
                        + spec.classes() + " outputs)");
            }
            rows.add(row);
            labels.add(label);
        }
        double[] values = new double[Math.multiplyExact(rows.size(), n)];
        for (int r = 0; r < rows.size(); r++) {
            System.arraycopy(rows.get(r), 0, values, r * n, n);
        }
        return RawData.ofDoubles(RawData.Kind.REAL, rows.size(), n, values).labelled(
                labels.stream().mapToInt(Integer::intValue).toArray(), null,
                "CSV " + file + ": " + rows.size() + " rows of " + n + " values and a label"
                        + (header ? ", header line skipped" : ""));
    }

    private static char delimiter(String line) {
        if (line.indexOf(',') >= 0) {
            return ',';
        }
        if (line.indexOf('\t') >= 0) {
            return '\t';
        }
        return line.indexOf(';') >= 0 ? ';' : ',';
    }

    private static String[] split(String line, char delimiter) {
        String[] f = line.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
        for (int i = 0; i < f.length; i++) {
            String v = f[i].strip();
            if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                v = v.substring(1, v.length() - 1);
            }
            f[i] = v;
        }
        return f;
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ raw records

    private static RawData records(Path file, Path labels, InputSpec spec, Preprocessing pre) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String type = pre.rawType() != null ? pre.rawType()
                : name.endsWith(".u8") ? "uint8"
                : name.endsWith(".f32") || spec.type() == dev.prunus.core.ir.TensorType.FLOAT32 ? "float32" : "int8";
        int n = spec.elementCount();
        int recordSize = "float32".equals(type) ? 4 * n : n;
        long size = Files.size(file);
        if (size == 0 || size % recordSize != 0) {
            throw new DataException(DataException.Problem.SHAPE, file, "holds " + size
                    + " bytes, not a whole number of " + recordSize + "-byte records (" + type + " values of the input "
                    + spec.shapeText() + "); give the records concatenated, or set \"rawType\"");
        }
        int count = (int) (size / recordSize);
        byte[] bytes = Files.readAllBytes(file);
        RawData raw;
        if ("float32".equals(type)) {
            float[] f = new float[count * n];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            raw = RawData.ofFloats(RawData.Kind.REAL, count, n, f);
        } else {
            RawData.Kind kind = "uint8".equals(type) ? RawData.Kind.PIXELS : RawData.Kind.INT8_INPUT;
            raw = RawData.ofBytes(kind, count, n, bytes);
        }
        Labels l = labels == null ? null : readLabels(labels, spec);
        return raw.labelled(l == null ? null : l.indices, l == null ? null : l.names, "raw records " + file + ": "
                + count + " records of " + recordSize + " bytes (" + type + ")"
                + (l == null ? ", no labels" : ", labels from " + labels + l.note));
    }
}
