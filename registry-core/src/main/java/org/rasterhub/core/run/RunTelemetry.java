package org.rasterhub.core.run;

import java.util.List;
import java.util.Map;

/**
 * Where a finished run spent its time and how fast it went, as the runner measured it; kept on the
 * run as JSON and shown on its page and in REST.
 *
 * @param node the runner that did the work
 * @param device {@code CPU}, or {@code GPU} with its ids ({@code GPU 0,1})
 * @param engine the engine that ran the model ({@code OnnxRuntime}, {@code PyTorch})
 * @param wallMillis from the start of the attempt that succeeded to its outputs being stored
 * @param stageMillis busy time per stage ({@code verify}, {@code loadModel}, {@code read}, {@code model},
 *     {@code postProcess}, {@code write}, {@code store}): stages overlap in the tile pipeline, so they may
 *     add up to more than the wall time, and the largest is what limits the run
 * @param units tiles worked (features for Classify Objects)
 * @param unit what a unit is: {@code tiles} or {@code features}
 * @param unitsPerSecond units over the wall time
 * @param squareKilometres the ground the run covered; null when it has no meaning or the CRS gives no unit
 * @param squareKilometresPerHour that ground over the wall time; null with it
 * @param workUnits the work units the run was split into, with the runner and device of each; null or
 *     empty when one runner worked it whole ({@code node} then did everything; else it merged)
 */
public record RunTelemetry(String node, String device, String engine, long wallMillis, Map<String, Long> stageMillis,
                           long units, String unit, double unitsPerSecond, Double squareKilometres,
                           Double squareKilometresPerHour, List<WorkUnit> workUnits) {

    /** One work unit: a band of tile rows of one input, and where it ran (its last, successful claim). */
    public record WorkUnit(int index, int inputPosition, int firstRow, int endRow, int tiles, String node,
                           String device, int claims) {
    }
}
