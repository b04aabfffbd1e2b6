/**
 * Static analysis of a graph: {@link dev.prunus.core.analysis.CostAnalyzer} (params, MACs, flash bytes per
 * operator and in total) and {@link dev.prunus.core.analysis.MemoryPlanner} (offline arena plan with in-place reuse
 * and kernel scratch).
 */
package dev.prunus.core.analysis;
