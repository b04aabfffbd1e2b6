/**
 * C code generation: a model becomes {@code <name>.h} / {@code <name>.c} (constant weights, an offline arena plan,
 * one kernel call per operator) plus the runtime files it uses ({@link dev.prunus.core.codegen.CGenerator}).
 */
package dev.prunus.core.codegen;
