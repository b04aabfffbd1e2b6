package dev.prunus.core.ops;

import dev.prunus.core.ir.OpOptions;

import java.util.function.Function;

/**
 * An operator's builtin options table: its code in the schema's {@code union BuiltinOptions}, how to decode it
 * into the IR's record and how to encode the record again (read, write, read gives the same record). Operator
 * definitions answer theirs through {@link OperatorDefinition#options}; the file format only walks the union.
 */
public interface OptionsCodec {

    /** The table's code in {@code union BuiltinOptions}. */
    int unionType();

    OpOptions read(OptionsTable table);

    /** Writes {@code options} (a record this codec reads) and answers the table's offset. */
    int write(OptionsBuilder builder, OpOptions options);

    /** Encodes one record type. */
    @FunctionalInterface
    interface Writer<T extends OpOptions> {
        int write(OptionsBuilder builder, T options);
    }

    /**
     * A table whose fields Prunus does not model (PadOptions, QuantizeOptions, ... have none): an empty table
     * reads as {@link OpOptions.EmptyOptions} and is written back; one that sets fields reads as
     * {@link OpOptions.OpaqueOptions}, which the writer refuses.
     */
    static OptionsCodec empty(int unionType) {
        return new OptionsCodec() {
            @Override
            public int unionType() {
                return unionType;
            }

            @Override
            public OpOptions read(OptionsTable table) {
                return table.hasAnyField() ? new OpOptions.OpaqueOptions(unionType, false)
                        : new OpOptions.EmptyOptions(unionType);
            }

            @Override
            public int write(OptionsBuilder builder, OpOptions options) {
                builder.start(0);
                return builder.end();
            }
        };
    }

    /** A codec for records of {@code type} in union slot {@code unionType}. */
    static <T extends OpOptions> OptionsCodec of(int unionType, Class<T> type, Function<OptionsTable, T> reader,
            Writer<T> writer) {
        return new OptionsCodec() {
            @Override
            public int unionType() {
                return unionType;
            }

            @Override
            public OpOptions read(OptionsTable table) {
                return reader.apply(table);
            }

            @Override
            public int write(OptionsBuilder builder, OpOptions options) {
                if (!type.isInstance(options)) {
                    throw new IllegalArgumentException("options " + options + " are not " + type.getSimpleName()
                            + " (union type " + unionType + ")");
                }
                return writer.write(builder, type.cast(options));
            }
        };
    }
}
