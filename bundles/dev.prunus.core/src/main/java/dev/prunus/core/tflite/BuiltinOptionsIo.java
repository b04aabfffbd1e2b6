package dev.prunus.core.tflite;

import com.google.flatbuffers.FlatBufferBuilder;
import dev.prunus.core.ir.OpOptions;
import dev.prunus.core.ir.OpOptions.EmptyOptions;
import dev.prunus.core.ir.OpOptions.NoOptions;
import dev.prunus.core.ir.OpOptions.OpaqueOptions;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ops.OperatorCatalogue;
import dev.prunus.core.ops.OptionsBuilder;
import dev.prunus.core.ops.OptionsCodec;
import dev.prunus.core.ops.OptionsTable;

/**
 * The generic half of builtin options: walks the {@code BuiltinOptions} union and hands each table to the
 * codec its operator declares in the catalogue ({@link OperatorCatalogue#options}); the field layouts live in
 * the operators. Tables of operators without a codec are kept as {@link EmptyOptions} or {@link OpaqueOptions}.
 */
final class BuiltinOptionsIo {

    private BuiltinOptionsIo() {
    }

    /** The options union code an operator of this type carries, or -1 when no codec constrains it. */
    static int expectedType(OpType type) {
        OptionsCodec codec = OperatorCatalogue.options(type);
        return codec == null ? -1 : codec.unionType();
    }

    /** Reads the options table {@code t} of union type {@code unionType} of an operator of type {@code type}. */
    static OpOptions read(OpType type, int unionType, TfliteSchema.Tbl t) {
        OptionsCodec codec = OperatorCatalogue.options(type);
        try {
            if (codec != null && codec.unionType() == unionType) {
                return codec.read(new TableView(t));
            }
            return t.hasAnyField() ? new OpaqueOptions(unionType, false) : new EmptyOptions(unionType);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(t.tableName, "", t.position(), e.getMessage());
        }
    }

    /**
     * Writes the options table of {@code op}'s options and answers its offset, or 0 for {@link NoOptions}.
     *
     * @throws ModelWriteException for {@link OpaqueOptions}, whose fields the IR does not hold, and for a record
     *                             that the operator's codec does not write
     */
    static int write(FlatBufferBuilder b, OpType type, OpOptions o, String where) {
        if (o instanceof NoOptions) {
            return 0;
        }
        if (o instanceof EmptyOptions) {
            b.startTable(0);
            return b.endTable();
        }
        if (o instanceof OpaqueOptions q) {
            throw new ModelWriteException(where + " carries builtin options of union type " + q.builtinOptionsType()
                    + (q.secondUnion() ? " (BuiltinOptions2)" : "") + " with fields Prunus does not model; such a"
                    + " model can be inspected but not written");
        }
        OptionsCodec codec = OperatorCatalogue.options(type);
        if (codec == null || codec.unionType() != o.builtinOptionsType()) {
            throw new ModelWriteException(where + " carries " + o.getClass().getSimpleName() + " (union type "
                    + o.builtinOptionsType() + "), which is not the options table of " + type
                    + (codec == null ? " (none modelled)" : " (union type " + codec.unionType() + ")"));
        }
        return codec.write(new BuilderView(b), o);
    }

    /** The checked table accessors as the operators' read view. */
    private record TableView(TfliteSchema.Tbl t) implements OptionsTable {
        @Override
        public byte getByte(int field, String name, int dflt) {
            return t.getByte(field, name, dflt);
        }

        @Override
        public boolean getBool(int field, String name, boolean dflt) {
            return t.getBool(field, name, dflt);
        }

        @Override
        public int getInt(int field, String name, int dflt) {
            return t.getInt(field, name, dflt);
        }

        @Override
        public float getFloat(int field, String name, float dflt) {
            return t.getFloat(field, name, dflt);
        }

        @Override
        public boolean hasAnyField() {
            return t.hasAnyField();
        }

        @Override
        public int[] intVector(int field, String name) {
            return t.intVector(field, name);
        }
    }

    /** The FlatBuffer builder as the operators' write view. */
    private record BuilderView(FlatBufferBuilder b) implements OptionsBuilder {
        @Override
        public int intVector(int[] values) {
            b.startVector(4, values.length, 4);
            for (int i = values.length - 1; i >= 0; i--) {
                b.addInt(values[i]);
            }
            return b.endVector();
        }

        @Override
        public void start(int fieldCount) {
            b.startTable(fieldCount);
        }

        @Override
        public void addByte(int field, int value, int dflt) {
            b.addByte(field, (byte) value, dflt);
        }

        @Override
        public void addBool(int field, boolean value, boolean dflt) {
            b.addBoolean(field, value, dflt);
        }

        @Override
        public void addInt(int field, int value, int dflt) {
            b.addInt(field, value, dflt);
        }

        @Override
        public void addFloat(int field, float value, float dflt) {
            if (Float.floatToRawIntBits(value) != Float.floatToRawIntBits(dflt)) {
                b.addFloat(value);
                b.slot(field);
            }
        }

        @Override
        public void addOffset(int field, int offset) {
            b.addOffset(field, offset, 0);
        }

        @Override
        public int end() {
            return b.endTable();
        }
    }
}
