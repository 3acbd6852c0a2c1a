package org.rasterhub.runner.change;

import java.nio.file.Path;
import java.util.List;

import org.rasterhub.core.emd.ModelClass;

/**
 * A change raster that was written.
 *
 * @param width output width in pixels (the processing window's, if one was given)
 * @param tiles tiles run, each through the model once per date ({@link ChangeMode#CLASS_TRANSITIONS})
 *     or once ({@link ChangeMode#TWO_DATE_MODEL})
 * @param legend every value the raster may hold besides nodata 255, with name and colour, as written
 *     to its colour table and category names: "No change" (0) and one entry per transition, or the
 *     two-date model's {@code .emd} classes
 * @param transitions the transitions behind the values ({@link ChangeMode#CLASS_TRANSITIONS} only;
 *     empty for {@link ChangeMode#TWO_DATE_MODEL})
 */
public record ChangeRaster(Path file, int width, int height, int tiles, ChangeMode mode,
                           List<ModelClass> legend, List<Transition> transitions) {

    public ChangeRaster {
        legend = List.copyOf(legend);
        transitions = List.copyOf(transitions);
    }
}
