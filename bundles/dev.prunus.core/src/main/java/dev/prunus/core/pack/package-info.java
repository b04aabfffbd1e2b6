/**
 * Packing of pruned (zero-filled) convolution and fully connected weights into the sparse formats of
 * docs/sparse-format.md, and the per-layer choice between dense and sparse by size and estimated instructions
 * ({@link dev.prunus.core.pack.PackPlanner}, {@link dev.prunus.core.pack.CostModel}).
 */
package dev.prunus.core.pack;
