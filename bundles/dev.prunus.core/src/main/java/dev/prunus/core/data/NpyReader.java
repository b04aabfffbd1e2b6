package dev.prunus.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small reader of NumPy's {@code .npy} format (versions 1.0, 2.0 and 3.0 of the published format: magic
 * {@code \x93NUMPY}, major and minor version, a little-endian header length of 2 bytes (1.0) or 4 bytes (2.0, 3.0),
 * a Python dict literal with {@code descr}, {@code fortran_order} and {@code shape}, then the C-order data).
 * Numeric dtypes of either byte order; Fortran order and object arrays (pickles, never unpickled) are refused.
 */
final class NpyReader {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private NpyReader() {
    }

    /**
     * An array: its shape and values. Integer and uint8/int8 values keep their kind for the mapping to the model.
     *
     * @param dtype  NumPy's type code without byte order: u1, i1, i2, u2, i4, u4, i8, u8, f4, f8
     * @param shape  the dimensions
     * @param bytes  values for u1 and i1 (else null)
     * @param floats values for f4 (else null)
     * @param doubles values for every other dtype (else null)
     */
    record NpyArray(String dtype, long[] shape, byte[] bytes, float[] floats, double[] doubles) {

        long size() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }

        double value(int i) {
            if (bytes != null) {
                return "u1".equals(dtype) ? bytes[i] & 0xff : bytes[i];
            }
            return floats != null ? floats[i] : doubles[i];
        }

        String shapeText() {
            StringBuilder b = new StringBuilder("(");
            for (int i = 0; i < shape.length; i++) {
                b.append(i == 0 ? "" : ", ").append(shape[i]);
            }
            return b.append(shape.length == 1 ? ",)" : ")").toString();
        }
    }

    /** Parses a whole {@code .npy} file; {@code file} names it in errors (a .npz entry is named file:key). */
    static NpyArray read(byte[] data, Path file) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (data.length <= i || data[i] != MAGIC[i]) {
                throw corrupt(file, "does not start with the NumPy magic \\x93NUMPY; save it with numpy.save");
            }
        }
        if (data.length < 10) {
            throw corrupt(file, "ends inside the header");
        }
        int major = data[6];
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = b.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (data.length < 12) {
                throw corrupt(file, "ends inside the header");
            }
            headerLength = b.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new DataException(DataException.Problem.UNSUPPORTED_TYPE, file, "is NPY format version " + major + "."
                    + data[7] + "; this reader knows versions 1.0, 2.0 and 3.0");
        }
        if (headerStart + headerLength > data.length) {
            throw corrupt(file, "ends inside the header (" + headerLength + " bytes announced)");
        }
        String header = new String(data, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!f.find() || !s.find()) {
            throw corrupt(file, "has a header without fortran_order and shape: " + header.strip());
        }
        if (!d.find()) {
            throw new DataException(DataException.Problem.UNSUPPORTED_TYPE, file, "holds a structured dtype ("
                    + header.strip() + "); save a plain numeric array");
        }
        String descr = d.group(1);
        if ("True".equals(f.group(1))) {
            throw new DataException(DataException.Problem.UNSUPPORTED_TYPE, file, "is in Fortran (column-major) "
                    + "order; save it in C order, e.g. numpy.save(path, numpy.ascontiguousarray(a))");
        }
        long[] shape = shape(s.group(1), file);
        if (descr.length() < 2 || descr.contains("O")) {
            throw new DataException(DataException.Problem.UNSUPPORTED_TYPE, file, "holds Python objects (dtype '"
                    + descr + "', a pickle), which Prunus never unpickles; save a numeric array (uint8, int8, "
                    + "float32 or float64)");
        }
        char order = descr.charAt(0);
        String dtype = descr.substring(1);
        ByteOrder byteOrder = order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        int itemSize = switch (dtype) {
            case "u1", "i1" -> 1;
            case "u2", "i2" -> 2;
            case "u4", "i4", "f4" -> 4;
            case "u8", "i8", "f8" -> 8;
            default -> throw new DataException(DataException.Problem.UNSUPPORTED_TYPE, file, "has dtype '" + descr
                    + "'; use uint8, int8, float32 or float64 samples (integer labels of any width)");
        };
        long n = 1;
        for (long dim : shape) {
            // Bounded before multiplying: a header may claim any shape, the data must then hold it.
            if (dim < 0 || (dim > 0 && n > (Long.MAX_VALUE / 8) / dim)) {
                throw corrupt(file, "has shape (" + s.group(1).strip() + "), which no file can hold; save the array "
                        + "again with numpy.save");
            }
            n *= dim;
        }
        long start = headerStart + headerLength;
        if (start + n * itemSize != data.length) {
            throw corrupt(file, "shape " + new NpyArray(dtype, shape, null, null, null).shapeText() + " of '" + descr
                    + "' needs " + n * itemSize + " data bytes, the file has " + (data.length - start));
        }
        if (n > Integer.MAX_VALUE - 8) {
            throw corrupt(file, "holds " + n + " values, too many for one array");
        }
        ByteBuffer v = ByteBuffer.wrap(data, (int) start, (int) (n * itemSize)).slice().order(byteOrder);
        int count = (int) n;
        switch (dtype) {
            case "u1", "i1" -> {
                byte[] out = new byte[count];
                v.get(out);
                return new NpyArray(dtype, shape, out, null, null);
            }
            case "f4" -> {
                float[] out = new float[count];
                v.asFloatBuffer().get(out);
                return new NpyArray(dtype, shape, null, out, null);
            }
            default -> {
                double[] out = new double[count];
                for (int i = 0; i < count; i++) {
                    out[i] = switch (dtype) {
                        case "u2" -> v.getShort(i * 2) & 0xffff;
                        case "i2" -> v.getShort(i * 2);
                        case "u4" -> v.getInt(i * 4) & 0xffffffffL;
                        case "i4" -> v.getInt(i * 4);
                        case "u8", "i8" -> v.getLong(i * 8);
                        default -> v.getDouble(i * 8);
                    };
                }
                return new NpyArray(dtype, shape, null, null, out);
            }
        }
    }

    private static long[] shape(String text, Path file) {
        List<Long> dims = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.strip().replace("L", "");
            if (p.isEmpty()) {
                continue;
            }
            try {
                dims.add(Long.parseLong(p));
            } catch (NumberFormatException e) {
                throw corrupt(file, "has a shape that is not a tuple of integers: (" + text + ")");
            }
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static DataException corrupt(Path file, String message) {
        return new DataException(DataException.Problem.UNREADABLE, file, "is not a valid .npy file: " + message);
    }
}
