package dev.prunus.core.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.prunus.core.codegen.CGenerator;
import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.ir.OpType;

import org.junit.jupiter.api.Test;

/** The catalogue is the one list of supported operators: the interpreter and the generator agree with it. */
class OperatorCatalogueTest {

    @Test
    void everyRegisteredTypeFindsItsDefinition() {
        for (OpType t : OperatorCatalogue.SUPPORTED) {
            assertNotNull(OperatorCatalogue.of(t), t.name());
        }
        assertNull(OperatorCatalogue.of(OpType.L2_POOL_2D));
    }

    @Test
    void optionsCodecsCoverTheRunOperatorsAndTheReadOnlyOnes() {
        assertEquals(75, OperatorCatalogue.options(OpType.LEAKY_RELU).unionType());
        assertEquals(5, OperatorCatalogue.options(OpType.L2_POOL_2D).unionType(), "read, written, not run");
        assertEquals(27, OperatorCatalogue.options(OpType.REDUCE_MAX).unionType());
        assertNull(OperatorCatalogue.options(OpType.RELU), "RELU carries no options table");
        assertNull(OperatorCatalogue.options(OpType.SVDF), "no codec: the reader keeps the table opaque");
    }

    @Test
    void interpreterAndGeneratorSupportTheSameOperators() {
        assertEquals(Interpreter.SUPPORTED, CGenerator.SUPPORTED);
        assertTrue(Interpreter.SUPPORTED.containsAll(OperatorCatalogue.SUPPORTED));
    }

    @Test
    void familiesShareOneDefinition() {
        assertTrue(OperatorCatalogue.of(OpType.AVERAGE_POOL_2D) == OperatorCatalogue.of(OpType.MAX_POOL_2D));
        assertTrue(OperatorCatalogue.of(OpType.ADD) == OperatorCatalogue.of(OpType.MUL));
        assertTrue(OperatorCatalogue.of(OpType.RESHAPE) == OperatorCatalogue.of(OpType.EXPAND_DIMS));
        assertTrue(OperatorCatalogue.of(OpType.RESHAPE) == OperatorCatalogue.of(OpType.SQUEEZE));
    }
}
