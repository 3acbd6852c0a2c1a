package org.rasterhub.runner.classify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.runner.raster.ClassMapWriter;

/**
 * The checks the tools make on a model's {@code .emd} {@code Classes} when they are built, so that
 * each says the same thing for the same mistake.
 */
public final class ClassValues {
    private ClassValues() {
    }

    /**
     * @throws IllegalArgumentException when a class value is outside 0-{@value
     *     ClassMapWriter#MAX_CLASS_VALUE}, the values a Byte class raster holds beside nodata
     */
    public static void requireFitByteRaster(List<ModelClass> classes) {
        for (ModelClass c : classes) {
            if (c.value() < 0 || c.value() > ClassMapWriter.MAX_CLASS_VALUE) {
                throw new IllegalArgumentException("class \"" + c.name() + "\" has value " + c.value()
                    + "; expected 0-" + ClassMapWriter.MAX_CLASS_VALUE + " (" + ClassMapWriter.NO_DATA
                    + " is nodata in the Byte output)");
            }
        }
    }

    /**
     * Each class's name by its value, in a new mutable map.
     *
     * @throws IllegalArgumentException when a class value appears twice
     */
    public static Map<Integer, String> namesByValue(List<ModelClass> classes) {
        Map<Integer, String> names = new HashMap<>();
        for (ModelClass c : classes) {
            if (names.put(c.value(), c.name()) != null) {
                throw new IllegalArgumentException("class value " + c.value() + " appears twice");
            }
        }
        return names;
    }
}
