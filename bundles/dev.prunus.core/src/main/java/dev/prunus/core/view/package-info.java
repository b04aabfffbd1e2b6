/**
 * What the IDE shows about a model, computed here so that every view, the console and the report agree: flash and
 * RAM figures under one definition, per-layer rows, and the facts the editor's tabs draw. No Eclipse, no UI.
 */
package dev.prunus.core.view;
