/**
 * The operator catalogue: one {@link dev.prunus.core.ops.OperatorDefinition} per builtin operator (or family),
 * found through {@link dev.prunus.core.ops.OperatorCatalogue}. The interpreter, the C generator, the cost and
 * scratch analyses reach operators only through it; docs/operators.md shows how to add one.
 */
package dev.prunus.core.ops;
