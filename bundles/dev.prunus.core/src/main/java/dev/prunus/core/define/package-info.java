/**
 * Defining float32 models in code (layer by layer, in TFLite's layouts), for models that Prunus trains and
 * quantizes itself, such as the demo's digit classifier.
 */
package dev.prunus.core.define;
