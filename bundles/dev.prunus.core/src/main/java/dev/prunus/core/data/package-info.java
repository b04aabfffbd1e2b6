/**
 * Labelled data in the forms users hold it (image and WAV folders, NumPy .npy/.npz, CSV, raw records), read for
 * one model's input: {@link dev.prunus.core.data.DataReader} reads, {@link dev.prunus.core.data.Dataset} gives each
 * sample as the input tensor's bytes or as real values, {@link dev.prunus.core.data.Evaluation} measures top-1
 * accuracy with the bit-exact interpreter.
 */
package dev.prunus.core.data;
