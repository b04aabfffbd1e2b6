/**
 * Prunus core: reads int8 TensorFlow Lite models, analyses, interprets, prunes and packs them, and generates C.
 * Plain Java 17 with no Eclipse dependency, so the IDE builder and the command line run the same code.
 */
package dev.prunus.core;
