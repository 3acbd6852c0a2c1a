package org.rasterhub.runner.change;

import org.rasterhub.core.emd.ModelClass;

/**
 * One value of a class-transition change raster: pixels of class {@code from} on the first date and
 * {@code to} on the second. Drawn in the to-class's colour, so the legend reads "what it became".
 *
 * @param value pixel value in the change raster, 1-254 (0 is no change, 255 nodata)
 */
public record Transition(int value, ModelClass from, ModelClass to) {

    public Transition {
        if (value < 1 || value > 254 || from == null || to == null || from.value() == to.value()) {
            throw new IllegalArgumentException("a transition needs a value 1-254 and two different"
                + " classes, was " + value + ": " + from + " -> " + to);
        }
    }

    /** Legend text, for example {@code "Water → Forest"}. */
    public String name() {
        return from.name() + " → " + to.name();
    }

    /** The transition as a class of the change raster: its value, name and the to-class's colour. */
    public ModelClass asClass() {
        return new ModelClass(value, name(), to.red(), to.green(), to.blue());
    }
}
