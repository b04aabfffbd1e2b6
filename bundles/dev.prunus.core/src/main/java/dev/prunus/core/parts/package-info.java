/** STM32 parts Prunus knows (memories, core, clock) and which one a CubeMX project is for. */
package dev.prunus.core.parts;
