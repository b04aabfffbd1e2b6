package dev.prunus.core.tflite;

import static dev.prunus.core.tflite.TfliteSchema.*;

import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.InvalidGraphException;
import dev.prunus.core.ir.Metadata;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.SignatureDef;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.TensorType;
import dev.prunus.core.tflite.FlatTable.Vec;
import dev.prunus.core.tflite.TfliteSchema.Tbl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a TFLite flatbuffer (schema version 3, identifier "TFL3") into the immutable IR. Every offset, length and
 * index is checked against the file before use; malformed input fails with {@link ModelFormatException} and never
 * with another exception, an endless loop or an allocation larger than a small multiple of the file.
 *
 * <p>Operators and tensor types the rest of Prunus does not support are read all the same ({@link OpType#UNKNOWN},
 * custom codes kept); support is checked by the stages that need it. Features whose data the IR cannot represent
 * faithfully (sparse tensors, external buffers, non-affine quantization details) are rejected with a message.
 * Fields without meaning for inference are not kept: Model.metadata_buffer (deprecated), custom_options_format
 * (always FLEXBUFFERS), debug_metadata_index, variant_tensors and SignatureDef.deprecated_tag. Buffers shared by
 * several tensors are read once but give each tensor its own copy (the writer writes one buffer per tensor).
 */
public final class TfliteReader {

    private final ReadContext ctx;
    private final byte[][] bufferCache;
    private final Vec buffers;
    private final List<int[]> opcodes = new ArrayList<>();
    private final List<String> customCodes = new ArrayList<>();

    private TfliteReader(ReadContext ctx, Vec buffers) {
        this.ctx = ctx;
        this.buffers = buffers;
        this.bufferCache = new byte[buffers == null ? 0 : buffers.length()][];
    }

    /** Reads a model file. */
    public static Model read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException("file", "", 0, file + " has " + size
                    + " bytes; models of 2 GB and more are not supported");
        }
        try {
            return read(Files.readAllBytes(file));
        } catch (ModelFormatException e) {
            throw new ModelFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a model from its bytes (not retained: the model copies what it keeps).
     *
     * @throws ModelFormatException naming table, field and byte offset when the bytes are not a readable model
     */
    public static Model read(byte[] bytes) {
        return read(bytes, null);
    }

    /** Reads {@code bytes}, adding the position of every table visited to {@code tablePositions} when non-null. */
    static Model read(byte[] bytes, List<Integer> tablePositions) {
        if (bytes.length < 8) {
            throw new ModelFormatException("file", "", 0, "only " + bytes.length
                    + " bytes; a TFLite model starts with an 8-byte header");
        }
        String id = new String(bytes, 4, 4, StandardCharsets.ISO_8859_1);
        if (!FILE_IDENTIFIER.equals(id)) {
            throw new ModelFormatException("file", "file_identifier", 4, "identifier is '" + printable(id)
                    + "', expected '" + FILE_IDENTIFIER + "': this is not a TFLite model");
        }
        ReadContext ctx = new ReadContext(bytes);
        ctx.tablePositions = tablePositions;
        Tbl model = new Tbl(ctx, ctx.follow(0, "Model", "root"), "Model");
        long version = model.getUint(MODEL_VERSION, "version", 0);
        if (version != SCHEMA_VERSION) {
            throw new ModelFormatException("Model", "version", model.position(), "schema version " + version
                    + " is not supported (only version " + SCHEMA_VERSION + ")");
        }
        TfliteReader reader = new TfliteReader(ctx, model.vector(MODEL_BUFFERS, 4, "buffers"));
        try {
            return reader.readModel(model, version);
        } catch (IllegalArgumentException | InvalidGraphException e) {
            // The checks below should have caught every inconsistency; this keeps the contract if one slips through.
            throw new ModelFormatException("Model", "", model.position(), "inconsistent model: " + e.getMessage());
        }
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c >= 32 && c < 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return b.toString();
    }

    private Model readModel(Tbl model, long version) {
        Vec codes = model.vector(MODEL_OPERATOR_CODES, 4, "operator_codes");
        if (codes != null) {
            for (int i = 0; i < codes.length(); i++) {
                Tbl c = new Tbl(ctx, model.tableAt(codes, i, "operator_codes"), "OperatorCode");
                int deprecated = c.getByte(OPCODE_DEPRECATED_BUILTIN_CODE, "deprecated_builtin_code", 0);
                int builtin = c.getInt(OPCODE_BUILTIN_CODE, "builtin_code", 0);
                int opVersion = c.getInt(OPCODE_VERSION, "version", 1);
                opcodes.add(new int[] {Math.max(deprecated, builtin), opVersion});
                customCodes.add(c.string(OPCODE_CUSTOM_CODE, "custom_code"));
            }
        }
        Vec subgraphs = model.vector(MODEL_SUBGRAPHS, 4, "subgraphs");
        if (subgraphs == null || subgraphs.length() == 0) {
            throw new ModelFormatException("Model", "subgraphs", model.position(), "the model has no subgraph");
        }
        List<Graph> graphs = new ArrayList<>(subgraphs.length());
        for (int i = 0; i < subgraphs.length(); i++) {
            graphs.add(readGraph(new Tbl(ctx, model.tableAt(subgraphs, i, "subgraphs"), "SubGraph"), i));
        }
        String description = model.string(MODEL_DESCRIPTION, "description");
        List<Metadata> metadata = new ArrayList<>();
        Vec meta = model.vector(MODEL_METADATA, 4, "metadata");
        if (meta != null) {
            for (int i = 0; i < meta.length(); i++) {
                Tbl m = new Tbl(ctx, model.tableAt(meta, i, "metadata"), "Metadata");
                String name = m.string(METADATA_NAME, "name");
                long buffer = m.getUint(METADATA_BUFFER, "buffer", 0);
                byte[] data = buffer(buffer, m, "buffer");
                metadata.add(new Metadata(name == null ? "" : name, data));
            }
        }
        List<SignatureDef> signatures = new ArrayList<>();
        Vec sigs = model.vector(MODEL_SIGNATURE_DEFS, 4, "signature_defs");
        if (sigs != null) {
            for (int i = 0; i < sigs.length(); i++) {
                signatures.add(readSignature(new Tbl(ctx, model.tableAt(sigs, i, "signature_defs"), "SignatureDef"),
                        graphs));
            }
        }
        return new Model(version, description, graphs, metadata, signatures);
    }

    private SignatureDef readSignature(Tbl s, List<Graph> graphs) {
        long sub = s.getUint(SIGDEF_SUBGRAPH_INDEX, "subgraph_index", 0);
        if (sub >= graphs.size()) {
            throw new ModelFormatException("SignatureDef", "subgraph_index", s.position(), "subgraph " + sub
                    + " does not exist (the model has " + graphs.size() + ")");
        }
        int tensors = graphs.get((int) sub).tensors().size();
        return new SignatureDef(s.string(SIGDEF_SIGNATURE_KEY, "signature_key"), (int) sub,
                readTensorMaps(s, SIGDEF_INPUTS, "inputs", tensors), readTensorMaps(s, SIGDEF_OUTPUTS, "outputs", tensors));
    }

    private List<SignatureDef.TensorMap> readTensorMaps(Tbl s, int field, String name, int tensors) {
        Vec v = s.vector(field, 4, name);
        List<SignatureDef.TensorMap> out = new ArrayList<>();
        if (v != null) {
            for (int i = 0; i < v.length(); i++) {
                Tbl m = new Tbl(ctx, s.tableAt(v, i, name), "TensorMap");
                long index = m.getUint(TENSORMAP_TENSOR_INDEX, "tensor_index", 0);
                if (index >= tensors) {
                    throw new ModelFormatException("TensorMap", "tensor_index", m.position(), "tensor " + index
                            + " does not exist (the subgraph has " + tensors + ")");
                }
                out.add(new SignatureDef.TensorMap(m.string(TENSORMAP_NAME, "name"), (int) index));
            }
        }
        return out;
    }

    private Graph readGraph(Tbl g, int graphIndex) {
        Vec tv = g.vector(SUBGRAPH_TENSORS, 4, "tensors");
        int tensorCount = tv == null ? 0 : tv.length();
        List<Tensor> tensors = new ArrayList<>(Math.min(tensorCount, 1 << 16));
        for (int i = 0; i < tensorCount; i++) {
            tensors.add(readTensor(new Tbl(ctx, g.tableAt(tv, i, "tensors"), "Tensor"), i));
        }
        int[] inputs = indices(g, SUBGRAPH_INPUTS, "inputs", tensorCount, false);
        int[] outputs = indices(g, SUBGRAPH_OUTPUTS, "outputs", tensorCount, false);
        Vec ov = g.vector(SUBGRAPH_OPERATORS, 4, "operators");
        List<Operator> operators = new ArrayList<>();
        if (ov != null) {
            for (int i = 0; i < ov.length(); i++) {
                operators.add(readOperator(new Tbl(ctx, g.tableAt(ov, i, "operators"), "Operator"), i, tensorCount));
            }
        }
        String name = g.string(SUBGRAPH_NAME, "name");
        return new Graph(name, tensors, operators, inputs, outputs);
    }

    private int[] indices(Tbl t, int field, String name, int tensorCount, boolean allowAbsent) {
        int[] v = t.intVector(field, name);
        if (v == null) {
            return new int[0];
        }
        for (int i = 0; i < v.length; i++) {
            if (v[i] >= tensorCount || v[i] < (allowAbsent ? -1 : 0)) {
                throw new ModelFormatException(t.tableName, name, t.position(), "entry " + i + " refers to tensor "
                        + v[i] + ", but the subgraph has " + tensorCount + " tensors");
            }
        }
        return v;
    }

    private Tensor readTensor(Tbl t, int index) {
        String name = t.string(TENSOR_NAME, "name");
        String label = "tensor " + index + (name == null ? "" : " '" + name + "'");
        int[] shape = t.intVector(TENSOR_SHAPE, "shape");
        if (shape == null) {
            shape = new int[0];
        }
        int typeCode = t.getByte(TENSOR_TYPE, "type", 0);
        TensorType type;
        try {
            type = TensorType.fromTflite(typeCode);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException("Tensor", "type", t.position(), label + ": " + e.getMessage());
        }
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new ModelFormatException("Tensor", "shape", t.position(), label + " has negative dimension " + d
                        + " in shape " + Arrays.toString(shape));
            }
            count *= d;
            if (count * Math.max(1, type.byteSize()) > Integer.MAX_VALUE) {
                throw new ModelFormatException("Tensor", "shape", t.position(), label + " of type " + type + " and shape "
                        + Arrays.toString(shape) + " needs more than 2 GB");
            }
        }
        if (t.has(TENSOR_SPARSITY, "sparsity")) {
            throw new ModelFormatException("Tensor", "sparsity", t.position(), label
                    + " is stored in TFLite's sparse format, which Prunus does not read; densify the model first");
        }
        if (t.getUint(TENSOR_EXTERNAL_BUFFER, "external_buffer", 0) != 0) {
            throw new ModelFormatException("Tensor", "external_buffer", t.position(), label
                    + " keeps its data in an external file, which Prunus does not read");
        }
        byte[] data = buffer(t.getUint(TENSOR_BUFFER, "buffer", 0), t, "buffer");
        if (data != null && data.length == 0) {
            data = null;
        }
        if (data != null && type.hasFixedByteSize() && count * type.byteSize() != data.length) {
            throw new ModelFormatException("Tensor", "buffer", t.position(), label + " of type " + type + " and shape "
                    + Arrays.toString(shape) + " needs " + count * type.byteSize() + " bytes of data, its buffer has "
                    + data.length);
        }
        Quantization q = Quantization.NONE;
        int qpos = t.table(TENSOR_QUANTIZATION, "quantization");
        if (qpos >= 0) {
            q = readQuantization(new Tbl(ctx, qpos, "QuantizationParameters"), label);
        }
        if (q.perChannel() && q.quantizedDimension() < shape.length
                && shape[q.quantizedDimension()] != q.channelCount()) {
            throw new ModelFormatException("QuantizationParameters", "scale", qpos, label + " has " + q.channelCount()
                    + " per-channel scales, but dimension " + q.quantizedDimension() + " of its shape "
                    + Arrays.toString(shape) + " has " + shape[q.quantizedDimension()] + " entries");
        }
        boolean variable = t.getBool(TENSOR_IS_VARIABLE, "is_variable", false);
        int[] signature = t.intVector(TENSOR_SHAPE_SIGNATURE, "shape_signature");
        boolean hasRank = t.getBool(TENSOR_HAS_RANK, "has_rank", false);
        return new Tensor(index, name, type, shape, signature, hasRank, q, variable, data);
    }

    private Quantization readQuantization(Tbl q, String label) {
        if (q.getUbyte(QUANT_DETAILS_TYPE, "details_type", 0) != 0) {
            throw new ModelFormatException("QuantizationParameters", "details", q.position(), label
                    + " uses custom or block-wise quantization details, which Prunus does not support");
        }
        float[] scales = q.floatVector(QUANT_SCALE, "scale");
        long[] zeroPoints = q.longVector(QUANT_ZERO_POINT, "zero_point");
        int dim = q.getInt(QUANT_QUANTIZED_DIMENSION, "quantized_dimension", 0);
        if (dim < 0) {
            throw new ModelFormatException("QuantizationParameters", "quantized_dimension", q.position(), label
                    + " has negative quantized dimension " + dim);
        }
        if (scales != null && zeroPoints != null && zeroPoints.length != 0 && zeroPoints.length != scales.length) {
            throw new ModelFormatException("QuantizationParameters", "zero_point", q.position(), label + " has "
                    + scales.length + " scales but " + zeroPoints.length + " zero points");
        }
        return new Quantization(scales, zeroPoints, dim, q.floatVector(QUANT_MIN, "min"), q.floatVector(QUANT_MAX, "max"));
    }

    /** The data of buffer {@code index} (null for buffer 0 or an empty buffer); cached, so shared buffers read once. */
    private byte[] buffer(long index, Tbl owner, String field) {
        if (index == 0) {
            return null;
        }
        int count = buffers == null ? 0 : buffers.length();
        if (index >= count) {
            throw new ModelFormatException(owner.tableName, field, owner.position(), "buffer " + index
                    + " does not exist (the model has " + count + " buffers)");
        }
        int i = (int) index;
        if (bufferCache[i] == null) {
            Tbl b = new Tbl(ctx, ctx.follow(buffers.start() + 4 * i, "Model", "buffers[" + i + "]"), "Buffer");
            long offset = b.getLong(BUFFER_OFFSET, "offset", 0);
            byte[] data;
            if (offset > 1) {
                long size = b.getLong(BUFFER_SIZE, "size", 0);
                ctx.require(offset, size, "Buffer", "offset", "external buffer data");
                ctx.charge(size, "Buffer", "offset", offset);
                data = Arrays.copyOfRange(ctx.bytes, (int) offset, (int) (offset + size));
            } else {
                data = b.byteVector(BUFFER_DATA, "data");
            }
            bufferCache[i] = data == null ? new byte[0] : data;
        } else {
            ctx.charge(bufferCache[i].length, owner.tableName, field, owner.position());
        }
        return bufferCache[i];
    }

    private Operator readOperator(Tbl o, int index, int tensorCount) {
        long opcodeIndex = o.getUint(OP_OPCODE_INDEX, "opcode_index", 0);
        if (opcodeIndex >= opcodes.size()) {
            throw new ModelFormatException("Operator", "opcode_index", o.position(), "operator " + index
                    + " uses operator code " + opcodeIndex + ", but the model has " + opcodes.size());
        }
        int[] code = opcodes.get((int) opcodeIndex);
        String custom = customCodes.get((int) opcodeIndex);
        OpType type = OpType.fromBuiltin(code[0]);
        String label = "operator " + index + " (" + (custom != null ? custom : type == OpType.UNKNOWN ? "builtin #"
                + code[0] : type.name()) + ")";
        int[] inputs = indices(o, OP_INPUTS, "inputs", tensorCount, true);
        int[] outputs = indices(o, OP_OUTPUTS, "outputs", tensorCount, false);
        int[] intermediates = indices(o, OP_INTERMEDIATES, "intermediates", tensorCount, false);
        OpOptions options = OpOptions.NoOptions.INSTANCE;
        int optionsType = o.getUbyte(OP_BUILTIN_OPTIONS_TYPE, "builtin_options_type", 0);
        int optionsPos = o.table(OP_BUILTIN_OPTIONS, "builtin_options");
        if (optionsType != 0) {
            int expected = BuiltinOptionsIo.expectedType(type);
            if (expected >= 0 && expected != optionsType) {
                throw new ModelFormatException("Operator", "builtin_options_type", o.position(), label
                        + " carries options of union type " + optionsType + ", expected " + expected);
            }
            if (optionsPos < 0) {
                throw new ModelFormatException("Operator", "builtin_options", o.position(), label
                        + " names options of union type " + optionsType + " but has no options table");
            }
            options = BuiltinOptionsIo.read(type, optionsType, new Tbl(ctx, optionsPos, "BuiltinOptions#" + optionsType));
        } else {
            int type2 = o.getUbyte(OP_BUILTIN_OPTIONS_2_TYPE, "builtin_options_2_type", 0);
            if (type2 != 0) {
                options = new OpOptions.OpaqueOptions(type2, true);
            }
        }
        byte[] customOptions;
        long largeOffset = o.getLong(OP_LARGE_CUSTOM_OPTIONS_OFFSET, "large_custom_options_offset", 0);
        if (largeOffset > 1) {
            long size = o.getLong(OP_LARGE_CUSTOM_OPTIONS_SIZE, "large_custom_options_size", 0);
            ctx.require(largeOffset, size, "Operator", "large_custom_options_offset", "custom options");
            ctx.charge(size, "Operator", "large_custom_options_offset", largeOffset);
            customOptions = Arrays.copyOfRange(ctx.bytes, (int) largeOffset, (int) (largeOffset + size));
        } else {
            customOptions = o.byteVector(OP_CUSTOM_OPTIONS, "custom_options");
        }
        boolean[] mutating = o.boolVector(OP_MUTATING_VARIABLE_INPUTS, "mutating_variable_inputs");
        return new Operator(index, code[0], custom, code[1], inputs, outputs, intermediates, options, customOptions,
                mutating);
    }
}
