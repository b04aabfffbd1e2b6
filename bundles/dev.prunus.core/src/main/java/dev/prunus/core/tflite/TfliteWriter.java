package dev.prunus.core.tflite;

import static dev.prunus.core.tflite.TfliteSchema.*;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Metadata;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.SignatureDef;
import dev.prunus.core.ir.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the IR as a TFLite flatbuffer (schema version 3, identifier "TFL3") that TFLite, TFLite Micro and
 * {@link TfliteReader} read. The output is deterministic (same model, same bytes), every buffer is inline (no
 * offset/size form), constant data starts on a 16-byte boundary, and reading the output gives a model equal to the
 * one written. Buffer 0 is the empty sentinel; each tensor with data gets its own buffer, metadata buffers follow.
 * Operator codes are listed in order of first use.
 */
public final class TfliteWriter {

    /** Alignment of constant data, as schema.fbs asks for Buffer.data (force_align: 16). */
    public static final int DATA_ALIGNMENT = 16;

    private final FlatBufferBuilder b;
    /** When true, buffers use the offset/size form with the data appended after the flatbuffer. */
    private final boolean external;
    private final List<byte[]> externalData = new ArrayList<>();
    private final List<int[]> externalFields = new ArrayList<>();

    private TfliteWriter(int sizeHint, boolean external) {
        this.b = new FlatBufferBuilder(Math.max(1024, sizeHint));
        this.external = external;
    }

    /** Writes the model to a file (replacing it). */
    public static void write(Model model, Path file) throws IOException {
        Files.write(file, write(model));
    }

    /**
     * The model as TFLite file bytes.
     *
     * @throws ModelWriteException when the model holds options the IR does not model (see
     *                             {@link dev.prunus.core.ir.OpOptions.OpaqueOptions})
     */
    public static byte[] write(Model model) {
        long dataBytes = 0;
        for (Graph g : model.subgraphs()) {
            for (Tensor t : g.tensors()) {
                dataBytes += t.hasData() ? t.byteSize() + DATA_ALIGNMENT : 0;
            }
        }
        return new TfliteWriter((int) Math.min(Integer.MAX_VALUE / 2, dataBytes + 4096), false).writeModel(model);
    }

    /**
     * The model as TFLite bytes whose buffers use the offset/size form that TFLite uses for models above 2 GB: each
     * buffer table records where its data lies in the file, after the flatbuffer (16-byte aligned). Readers that
     * only know inline buffers cannot read the result; {@link TfliteReader} can.
     */
    static byte[] writeWithExternalBuffers(Model model) {
        return new TfliteWriter(4096, true).writeModel(model);
    }

    private byte[] writeModel(Model model) {
        // Buffers: 0 = empty sentinel, then one per tensor with data (graph by graph), then metadata.
        List<Integer> buffers = new ArrayList<>();
        b.startTable(BUFFER_FIELDS);
        buffers.add(b.endTable());
        List<int[]> tensorBuffers = new ArrayList<>();
        for (Graph g : model.subgraphs()) {
            int[] ids = new int[g.tensors().size()];
            for (Tensor t : g.tensors()) {
                if (t.hasData()) {
                    ids[t.index()] = buffers.size();
                    buffers.add(buffer(t.data()));
                }
            }
            tensorBuffers.add(ids);
        }
        int[] metadataBuffers = new int[model.metadata().size()];
        for (int i = 0; i < metadataBuffers.length; i++) {
            metadataBuffers[i] = buffers.size();
            buffers.add(buffer(model.metadata().get(i).data()));
        }

        // Operator codes in order of first use.
        Map<OpcodeKey, Integer> opcodeIndex = new LinkedHashMap<>();
        for (Graph g : model.subgraphs()) {
            for (Operator op : g.operators()) {
                opcodeIndex.putIfAbsent(new OpcodeKey(op.builtinCode(), op.customCode(), op.version()), opcodeIndex.size());
            }
        }
        int[] opcodes = new int[opcodeIndex.size()];
        int k = 0;
        for (OpcodeKey key : opcodeIndex.keySet()) {
            opcodes[k++] = opcode(key);
        }

        int[] subgraphs = new int[model.subgraphs().size()];
        for (int i = 0; i < subgraphs.length; i++) {
            subgraphs[i] = subgraph(model.subgraphs().get(i), i, tensorBuffers.get(i), opcodeIndex);
        }

        int[] metadata = new int[metadataBuffers.length];
        for (int i = 0; i < metadata.length; i++) {
            Metadata m = model.metadata().get(i);
            int name = b.createString(m.name());
            b.startTable(METADATA_FIELDS);
            b.addOffset(METADATA_NAME, name, 0);
            b.addInt(METADATA_BUFFER, metadataBuffers[i], 0);
            metadata[i] = b.endTable();
        }
        int[] signatures = new int[model.signatureDefs().size()];
        for (int i = 0; i < signatures.length; i++) {
            signatures[i] = signature(model.signatureDefs().get(i));
        }

        int opcodesVec = b.createVectorOfTables(opcodes);
        int subgraphsVec = b.createVectorOfTables(subgraphs);
        int description = model.description() == null ? 0 : b.createString(model.description());
        int buffersVec = b.createVectorOfTables(buffers.stream().mapToInt(Integer::intValue).toArray());
        int metadataVec = metadata.length == 0 ? 0 : b.createVectorOfTables(metadata);
        int signaturesVec = signatures.length == 0 ? 0 : b.createVectorOfTables(signatures);

        b.startTable(MODEL_FIELDS);
        b.addInt(MODEL_VERSION, (int) model.version(), 0);
        b.addOffset(MODEL_OPERATOR_CODES, opcodesVec, 0);
        b.addOffset(MODEL_SUBGRAPHS, subgraphsVec, 0);
        if (description != 0) {
            b.addOffset(MODEL_DESCRIPTION, description, 0);
        }
        b.addOffset(MODEL_BUFFERS, buffersVec, 0);
        if (metadataVec != 0) {
            b.addOffset(MODEL_METADATA, metadataVec, 0);
        }
        if (signaturesVec != 0) {
            b.addOffset(MODEL_SIGNATURE_DEFS, signaturesVec, 0);
        }
        int root = b.endTable();
        b.finish(root, FILE_IDENTIFIER);
        byte[] flat = b.sizedByteArray();
        if (!external) {
            return flat;
        }
        long total = TfliteWriter.alignUp(flat.length);
        long[] positions = new long[externalData.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = total;
            total = TfliteWriter.alignUp(total + externalData.get(i).length);
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new ModelWriteException("the model needs " + total + " bytes, more than a Java array holds");
        }
        byte[] out = java.util.Arrays.copyOf(flat, (int) total);
        java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < positions.length; i++) {
            byte[] data = externalData.get(i);
            System.arraycopy(data, 0, out, (int) positions[i], data.length);
            bb.putLong(flat.length - externalFields.get(i)[0], positions[i]);
            bb.putLong(flat.length - externalFields.get(i)[1], data.length);
        }
        return out;
    }

    private static long alignUp(long n) {
        return (n + DATA_ALIGNMENT - 1) / DATA_ALIGNMENT * DATA_ALIGNMENT;
    }

    private int buffer(byte[] data) {
        if (external) {
            b.startTable(BUFFER_SIZE + 1);
            b.addLong(-1L);
            b.slot(BUFFER_OFFSET);
            int offsetField = b.offset();
            b.addLong(-1L);
            b.slot(BUFFER_SIZE);
            int sizeField = b.offset();
            externalData.add(data);
            externalFields.add(new int[] {offsetField, sizeField});
            return b.endTable();
        }
        b.startVector(1, data.length, DATA_ALIGNMENT);
        for (int i = data.length - 1; i >= 0; i--) {
            b.putByte(data[i]);
        }
        int vec = b.endVector();
        b.startTable(BUFFER_FIELDS);
        b.addOffset(BUFFER_DATA, vec, 0);
        return b.endTable();
    }

    private record OpcodeKey(int builtinCode, String customCode, int version) {
    }

    private int opcode(OpcodeKey key) {
        int custom = key.customCode() == null ? 0 : b.createString(key.customCode());
        b.startTable(OPCODE_FIELDS);
        b.addInt(OPCODE_BUILTIN_CODE, key.builtinCode(), 0);
        b.addInt(OPCODE_VERSION, key.version(), 1);
        if (custom != 0) {
            b.addOffset(OPCODE_CUSTOM_CODE, custom, 0);
        }
        b.addByte(OPCODE_DEPRECATED_BUILTIN_CODE, (byte) Math.min(key.builtinCode(), 127), 0);
        return b.endTable();
    }

    private int subgraph(Graph g, int graphIndex, int[] tensorBuffers, Map<OpcodeKey, Integer> opcodeIndex) {
        int[] tensors = new int[g.tensors().size()];
        for (Tensor t : g.tensors()) {
            tensors[t.index()] = tensor(t, tensorBuffers[t.index()]);
        }
        int[] operators = new int[g.operators().size()];
        for (Operator op : g.operators()) {
            operators[op.index()] = operator(op, graphIndex,
                    opcodeIndex.get(new OpcodeKey(op.builtinCode(), op.customCode(), op.version())));
        }
        int tensorsVec = b.createVectorOfTables(tensors);
        int inputs = intVector(g.inputs());
        int outputs = intVector(g.outputs());
        int operatorsVec = b.createVectorOfTables(operators);
        int name = g.name().isEmpty() ? 0 : b.createString(g.name());
        b.startTable(SUBGRAPH_FIELDS);
        b.addOffset(SUBGRAPH_TENSORS, tensorsVec, 0);
        b.addOffset(SUBGRAPH_INPUTS, inputs, 0);
        b.addOffset(SUBGRAPH_OUTPUTS, outputs, 0);
        b.addOffset(SUBGRAPH_OPERATORS, operatorsVec, 0);
        if (name != 0) {
            b.addOffset(SUBGRAPH_NAME, name, 0);
        }
        return b.endTable();
    }

    private int tensor(Tensor t, int buffer) {
        Quantization q = t.quantization();
        if (q.perChannel() && q.quantizedDimension() < t.rank() && t.dim(q.quantizedDimension()) != q.channelCount()) {
            throw new ModelWriteException(t + " has " + q.channelCount() + " per-channel scales, but dimension "
                    + q.quantizedDimension() + " of its shape has " + t.dim(q.quantizedDimension())
                    + " entries: change shape and quantization together");
        }
        int shape = intVector(t.shape());
        int name = b.createString(t.name());
        int quant = quantization(t.quantization());
        int[] sig = t.shapeSignature();
        int signature = sig == null ? 0 : intVector(sig);
        b.startTable(TENSOR_FIELDS);
        b.addOffset(TENSOR_SHAPE, shape, 0);
        b.addInt(TENSOR_BUFFER, buffer, 0);
        b.addOffset(TENSOR_NAME, name, 0);
        if (quant != 0) {
            b.addOffset(TENSOR_QUANTIZATION, quant, 0);
        }
        if (signature != 0) {
            b.addOffset(TENSOR_SHAPE_SIGNATURE, signature, 0);
        }
        b.addByte(TENSOR_TYPE, (byte) t.type().tfliteCode(), 0);
        b.addBoolean(TENSOR_IS_VARIABLE, t.isVariable(), false);
        b.addBoolean(TENSOR_HAS_RANK, t.hasRank(), false);
        return b.endTable();
    }

    private int quantization(Quantization q) {
        if (q.equals(Quantization.NONE)) {
            return 0;
        }
        float[] min = q.min();
        float[] max = q.max();
        float[] scales = q.scales();
        long[] zeroPoints = q.zeroPoints();
        int minVec = min.length == 0 ? 0 : floatVector(min);
        int maxVec = max.length == 0 ? 0 : floatVector(max);
        int scaleVec = scales.length == 0 ? 0 : floatVector(scales);
        int zpVec = 0;
        if (zeroPoints.length > 0) {
            b.startVector(8, zeroPoints.length, 8);
            for (int i = zeroPoints.length - 1; i >= 0; i--) {
                b.addLong(zeroPoints[i]);
            }
            zpVec = b.endVector();
        }
        b.startTable(QUANT_FIELDS);
        if (minVec != 0) {
            b.addOffset(QUANT_MIN, minVec, 0);
        }
        if (maxVec != 0) {
            b.addOffset(QUANT_MAX, maxVec, 0);
        }
        if (scaleVec != 0) {
            b.addOffset(QUANT_SCALE, scaleVec, 0);
        }
        if (zpVec != 0) {
            b.addOffset(QUANT_ZERO_POINT, zpVec, 0);
        }
        b.addInt(QUANT_QUANTIZED_DIMENSION, q.quantizedDimension(), 0);
        return b.endTable();
    }

    private int operator(Operator op, int graphIndex, int opcode) {
        String where = "subgraph " + graphIndex + " operator " + op.index() + " (" + op.displayName() + ")";
        int inputs = intVector(op.inputs());
        int outputs = intVector(op.outputs());
        int options = BuiltinOptionsIo.write(b, op.type(), op.options(), where);
        byte[] custom = op.customOptions();
        int customVec = custom == null ? 0 : b.createByteVector(custom);
        boolean[] mutating = op.mutatingVariableInputs();
        int mutatingVec = 0;
        if (mutating.length > 0) {
            b.startVector(1, mutating.length, 1);
            for (int i = mutating.length - 1; i >= 0; i--) {
                b.addBoolean(mutating[i]);
            }
            mutatingVec = b.endVector();
        }
        int[] intermediates = op.intermediates();
        int intermediatesVec = intermediates.length == 0 ? 0 : intVector(intermediates);
        b.startTable(OP_FIELDS);
        b.addInt(OP_OPCODE_INDEX, opcode, 0);
        b.addOffset(OP_INPUTS, inputs, 0);
        b.addOffset(OP_OUTPUTS, outputs, 0);
        if (options != 0) {
            b.addOffset(OP_BUILTIN_OPTIONS, options, 0);
        }
        if (customVec != 0) {
            b.addOffset(OP_CUSTOM_OPTIONS, customVec, 0);
        }
        if (mutatingVec != 0) {
            b.addOffset(OP_MUTATING_VARIABLE_INPUTS, mutatingVec, 0);
        }
        if (intermediatesVec != 0) {
            b.addOffset(OP_INTERMEDIATES, intermediatesVec, 0);
        }
        b.addByte(OP_BUILTIN_OPTIONS_TYPE, (byte) op.options().builtinOptionsType(), 0);
        return b.endTable();
    }

    private int signature(SignatureDef s) {
        int inputs = tensorMaps(s.inputs());
        int outputs = tensorMaps(s.outputs());
        int key = b.createString(s.key());
        b.startTable(SIGDEF_FIELDS);
        b.addOffset(SIGDEF_INPUTS, inputs, 0);
        b.addOffset(SIGDEF_OUTPUTS, outputs, 0);
        b.addOffset(SIGDEF_SIGNATURE_KEY, key, 0);
        b.addInt(SIGDEF_SUBGRAPH_INDEX, s.subgraphIndex(), 0);
        return b.endTable();
    }

    private int tensorMaps(List<SignatureDef.TensorMap> maps) {
        int[] tables = new int[maps.size()];
        for (int i = 0; i < tables.length; i++) {
            SignatureDef.TensorMap m = maps.get(i);
            int name = b.createString(m.name());
            b.startTable(TENSORMAP_FIELDS);
            b.addOffset(TENSORMAP_NAME, name, 0);
            b.addInt(TENSORMAP_TENSOR_INDEX, m.tensorIndex(), 0);
            tables[i] = b.endTable();
        }
        return b.createVectorOfTables(tables);
    }

    private int intVector(int[] values) {
        b.startVector(4, values.length, 4);
        for (int i = values.length - 1; i >= 0; i--) {
            b.addInt(values[i]);
        }
        return b.endVector();
    }

    private int floatVector(float[] values) {
        b.startVector(4, values.length, 4);
        for (int i = values.length - 1; i >= 0; i--) {
            b.addFloat(values[i]);
        }
        return b.endVector();
    }
}
