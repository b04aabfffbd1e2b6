package dev.prunus.core.tflite;

/**
 * The subset of the TFLite flatbuffer schema (schema.fbs, version 3) that Prunus reads and writes: field ids of
 * each table (a field's vtable slot is {@code 4 + 2 * id}; a union takes two ids, its type first), union codes of
 * the options tables, and bounds-checked accessors for reading. The writer uses the same ids.
 */
final class TfliteSchema {

    private TfliteSchema() {
    }

    static final String FILE_IDENTIFIER = "TFL3";
    static final int SCHEMA_VERSION = 3;

    // table Model
    static final int MODEL_VERSION = 0;
    static final int MODEL_OPERATOR_CODES = 1;
    static final int MODEL_SUBGRAPHS = 2;
    static final int MODEL_DESCRIPTION = 3;
    static final int MODEL_BUFFERS = 4;
    static final int MODEL_METADATA_BUFFER = 5;
    static final int MODEL_METADATA = 6;
    static final int MODEL_SIGNATURE_DEFS = 7;
    static final int MODEL_FIELDS = 8;

    // table OperatorCode
    static final int OPCODE_DEPRECATED_BUILTIN_CODE = 0;
    static final int OPCODE_CUSTOM_CODE = 1;
    static final int OPCODE_VERSION = 2;
    static final int OPCODE_BUILTIN_CODE = 3;
    static final int OPCODE_FIELDS = 4;

    // table SubGraph
    static final int SUBGRAPH_TENSORS = 0;
    static final int SUBGRAPH_INPUTS = 1;
    static final int SUBGRAPH_OUTPUTS = 2;
    static final int SUBGRAPH_OPERATORS = 3;
    static final int SUBGRAPH_NAME = 4;
    static final int SUBGRAPH_FIELDS = 5;

    // table Tensor
    static final int TENSOR_SHAPE = 0;
    static final int TENSOR_TYPE = 1;
    static final int TENSOR_BUFFER = 2;
    static final int TENSOR_NAME = 3;
    static final int TENSOR_QUANTIZATION = 4;
    static final int TENSOR_IS_VARIABLE = 5;
    static final int TENSOR_SPARSITY = 6;
    static final int TENSOR_SHAPE_SIGNATURE = 7;
    static final int TENSOR_HAS_RANK = 8;
    static final int TENSOR_VARIANT_TENSORS = 9;
    static final int TENSOR_EXTERNAL_BUFFER = 10;
    static final int TENSOR_FIELDS = 9;

    // table QuantizationParameters
    static final int QUANT_MIN = 0;
    static final int QUANT_MAX = 1;
    static final int QUANT_SCALE = 2;
    static final int QUANT_ZERO_POINT = 3;
    static final int QUANT_DETAILS_TYPE = 4;
    static final int QUANT_DETAILS = 5;
    static final int QUANT_QUANTIZED_DIMENSION = 6;
    static final int QUANT_FIELDS = 7;

    // table Operator
    static final int OP_OPCODE_INDEX = 0;
    static final int OP_INPUTS = 1;
    static final int OP_OUTPUTS = 2;
    static final int OP_BUILTIN_OPTIONS_TYPE = 3;
    static final int OP_BUILTIN_OPTIONS = 4;
    static final int OP_CUSTOM_OPTIONS = 5;
    static final int OP_CUSTOM_OPTIONS_FORMAT = 6;
    static final int OP_MUTATING_VARIABLE_INPUTS = 7;
    static final int OP_INTERMEDIATES = 8;
    static final int OP_LARGE_CUSTOM_OPTIONS_OFFSET = 9;
    static final int OP_LARGE_CUSTOM_OPTIONS_SIZE = 10;
    static final int OP_BUILTIN_OPTIONS_2_TYPE = 11;
    static final int OP_BUILTIN_OPTIONS_2 = 12;
    static final int OP_FIELDS = 9;

    // table Buffer
    static final int BUFFER_DATA = 0;
    static final int BUFFER_OFFSET = 1;
    static final int BUFFER_SIZE = 2;
    static final int BUFFER_FIELDS = 1;

    // table Metadata
    static final int METADATA_NAME = 0;
    static final int METADATA_BUFFER = 1;
    static final int METADATA_FIELDS = 2;

    // table TensorMap
    static final int TENSORMAP_NAME = 0;
    static final int TENSORMAP_TENSOR_INDEX = 1;
    static final int TENSORMAP_FIELDS = 2;

    // table SignatureDef
    static final int SIGDEF_INPUTS = 0;
    static final int SIGDEF_OUTPUTS = 1;
    static final int SIGDEF_SIGNATURE_KEY = 2;
    static final int SIGDEF_SUBGRAPH_INDEX = 4;
    static final int SIGDEF_FIELDS = 5;

    /** A table read with the checked accessors of {@link FlatTable}; the name is used in messages. */
    static final class Tbl extends FlatTable {
        Tbl(ReadContext ctx, int pos, String name) {
            super(ctx, pos, name);
        }
    }
}
