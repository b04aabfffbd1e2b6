/** Which files in an output folder Prunus wrote itself, from the IDE or the command line. */
package dev.prunus.core.outputs;
