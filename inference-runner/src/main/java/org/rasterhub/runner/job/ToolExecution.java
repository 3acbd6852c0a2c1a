package org.rasterhub.runner.job;

import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.runner.engine.InferenceModel;
import org.rasterhub.runner.telemetry.StageTimes;

/**
 * How one tool runs a planned run with a loaded model: what the units of its progress are, and
 * which files it writes into the run's work folder. The job around it loads the model, reports
 * progress, stores the files content-addressed and records them on the run.
 */
interface ToolExecution {

    /** Units of work in all (tiles, or features for Classify Objects), for progress and ETA. */
    int units(RunPlan plan, Inputs inputs) throws Exception;

    /** What {@link #units} counts, for the run's throughput. */
    default String unitName() {
        return "tiles";
    }

    /**
     * The ground the run covers in km², for its km²/h: the rasters inside the extent; empty where a
     * raster's CRS gives no unit.
     */
    default OptionalDouble squareKilometres(RunPlan plan, Inputs inputs) throws Exception {
        return Extents.squareKilometres(plan, plan.inputs(RunInput.Role.RASTER), inputs);
    }

    /**
     * Runs the tool over every input, reporting units done so far (over all inputs) to {@code
     * progress}, which throws {@link RunCancelledException} when the run was cancelled, and adding
     * the time of its reading, post-processing and writing to {@code times}.
     */
    Produced execute(RunPlan plan, Inputs inputs, InferenceModel model, Path work, UnitProgress progress,
                     StageTimes times) throws Exception;

    /**
     * The run split into work units of about {@code unitTiles} tiles that any runner may work
     * ({@link #runUnit}) and one merge makes into the outputs ({@link #merge}); empty when the run is
     * worked whole by {@link #execute} (one unit's worth, or a tool or product not split yet).
     */
    default List<WorkUnit> workUnits(RunPlan plan, Inputs inputs, int unitTiles) throws Exception {
        return List.of();
    }

    /**
     * Works one unit, reporting the tiles done within it to {@code progress}.
     *
     * @return a file in {@code work} holding the unit's output, which the caller stores
     */
    default Path runUnit(RunPlan plan, Inputs inputs, InferenceModel model, WorkUnit unit, Path work,
                         UnitProgress progress, StageTimes times) throws Exception {
        throw new UnsupportedOperationException("this tool is not split into work units");
    }

    /**
     * Makes the run's outputs from the outputs of all its units, exactly what {@link #execute} would
     * have written.
     */
    default Produced merge(RunPlan plan, Inputs inputs, List<UnitOutput> units, Path work, StageTimes times)
            throws Exception {
        throw new UnsupportedOperationException("this tool is not split into work units");
    }

    /** A unit's stored output. */
    record UnitOutput(WorkUnit unit, Path output) {
    }

    /** Where each input's stored bytes are, in the order of the plan's inputs. */
    interface Inputs {
        Path path(RunPlan.Input input);
    }

    /** Told the units done so far, over all inputs of the run. */
    @FunctionalInterface
    interface UnitProgress {
        void done(long units);

        /** This progress with {@code base} added: for the second and later inputs of a collection. */
        default org.rasterhub.core.ingest.Progress after(long base) {
            return (stage, done, total) -> done(base + done);
        }
    }

    /** The files a run made, and what a legend or summary needs (serialised to JSON), or null. */
    record Produced(List<File> files, Object summary) {
    }

    /** One file a run made, still in the work folder. */
    record File(Path path, int inputPosition, RunOutput.Kind kind, RunOutput.Format format, String fileName,
                Integer featureCount) {
    }
}
