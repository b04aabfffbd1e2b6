package dev.prunus.core.pipeline;

import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a pipeline run produced: output files by path relative to the output folder (sorted, deterministic bytes),
 * and the figures the console and the report show.
 *
 * @param files   relative path -> bytes, e.g. {@code person_detect.c}, {@code runtime/pn_conv_s8.c}
 * @param summary one line per fact, for the console: sizes before/after, fidelity, what was pruned
 */
public record PipelineResult(SortedMap<String, byte[]> files, List<String> summary) {

    public PipelineResult {
        files = Collections.unmodifiableSortedMap(new TreeMap<>(files));
        summary = List.copyOf(summary);
    }
}
