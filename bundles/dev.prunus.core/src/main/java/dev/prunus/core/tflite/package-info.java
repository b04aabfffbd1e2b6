/**
 * TFLite flatbuffer I/O: {@link dev.prunus.core.tflite.TfliteReader} (bounds-checked, never trusts the file) and
 * {@link dev.prunus.core.tflite.TfliteWriter} (deterministic, lossless for what the IR holds). The schema subset is
 * described in {@code TfliteSchema}; no generated flatc code is used.
 */
package dev.prunus.core.tflite;
