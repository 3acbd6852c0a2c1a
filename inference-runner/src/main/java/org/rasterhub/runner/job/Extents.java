package org.rasterhub.runner.job;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.rasterhub.runner.preflight.RasterFacts;
import org.rasterhub.runner.raster.GroundArea;
import org.rasterhub.runner.tiling.TileGrid;
import org.rasterhub.runner.tiling.Window;

/** A run's processing extent, as the pixel window of each raster it covers. */
final class Extents {
    private Extents() {
    }

    /** The pixels of {@code raster} inside the run's extent; empty when the run has none (all pixels). */
    static Optional<Window> window(RunPlan plan, Path raster) throws Exception {
        List<Double> extent = plan.arguments().extent();
        if (extent == null) {
            return Optional.empty();
        }
        return Optional.of(pixels(plan, RasterFacts.probe(raster)));
    }

    // The pixels inside the run's extent, or all of them, from facts probed once.
    private static Window pixels(RunPlan plan, RasterFacts facts) {
        List<Double> extent = plan.arguments().extent();
        return extent == null ? new Window(0, 0, facts.width(), facts.height())
                : facts.transform().pixelWindowOf(extent.get(0), extent.get(1), extent.get(2), extent.get(3),
                        facts.width(), facts.height());
    }

    /**
     * The ground these rasters cover inside the run's extent, in km²; empty when one has no CRS or a
     * unit GDAL does not know.
     */
    static java.util.OptionalDouble squareKilometres(RunPlan plan, List<RunPlan.Input> rasters,
                                                     ToolExecution.Inputs inputs) throws Exception {
        double total = 0;
        for (RunPlan.Input raster : rasters) {
            RasterFacts facts = RasterFacts.probe(inputs.path(raster));
            java.util.OptionalDouble area = GroundArea.squareKilometres(facts.transform(), facts.crs(),
                    pixels(plan, facts));
            if (area.isEmpty()) {
                return area;
            }
            total += area.getAsDouble();
        }
        return java.util.OptionalDouble.of(total);
    }

    /** Tiles in all over these rasters, each limited to the run's extent. */
    static int tiles(RunPlan plan, List<RunPlan.Input> rasters, ToolExecution.Inputs inputs) throws Exception {
        int tiles = 0;
        for (RunPlan.Input raster : rasters) {
            tiles += grid(plan, inputs.path(raster)).size();
        }
        return tiles;
    }

    /**
     * The rasters' tile grids cut into bands of whole tile rows of about {@code unitTiles} tiles (at
     * least one row), raster after raster; empty when that makes one unit only.
     */
    static List<WorkUnit> rowUnits(RunPlan plan, List<RunPlan.Input> rasters, ToolExecution.Inputs inputs,
                                   int unitTiles) throws Exception {
        List<WorkUnit> units = new java.util.ArrayList<>();
        for (int i = 0; i < rasters.size(); i++) {
            TileGrid grid = grid(plan, inputs.path(rasters.get(i)));
            int rowsPerUnit = Math.max(1, unitTiles / grid.columns());
            for (int row = 0; row < grid.rows(); row += rowsPerUnit) {
                int end = Math.min(grid.rows(), row + rowsPerUnit);
                units.add(new WorkUnit(units.size(), i, row, end, (end - row) * grid.columns()));
            }
        }
        return units.size() > 1 ? units : List.of();
    }

    /** The tile grid over the raster's pixels inside the run's extent. */
    static TileGrid grid(RunPlan plan, Path raster) throws Exception {
        Window window = pixels(plan, RasterFacts.probe(raster));
        return new TileGrid(window.width(), window.height(), plan.arguments().tileSize(), plan.arguments().padding());
    }
}
