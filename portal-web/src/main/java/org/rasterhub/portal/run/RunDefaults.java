package org.rasterhub.portal.run;

import org.rasterhub.runner.job.InputScalingArguments;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.rasterhub.runner.preflight.PreflightFinding;

/**
 * The arguments a run gets where its request leaves them out, from the model definition: the one
 * source for the run form and the REST API, so the two cannot drift apart (the form once offered batch
 * size 1 where the {@code .emd} said 4).
 *
 * @param tileSize  the {@code .emd}'s ImageHeight, else 256
 * @param padding   the {@code .emd}'s ModelPadding, else a quarter of the tile
 * @param batchSize the {@code .emd}'s BatchSize, else 1
 */
public record RunDefaults(int tileSize, int padding, int batchSize, double threshold, double nmsOverlap,
                          double scoreThreshold, boolean excludePadDetections, String processorType) {
    public static final double THRESHOLD = 0.5;
    public static final double NMS_OVERLAP = 0.1;
    public static final double SCORE_THRESHOLD = 0.0;

    /** The defaults for a model definition's JSON document. */
    public static RunDefaults of(JsonNode emd) {
        JsonNode height = emd == null ? null : emd.get("ImageHeight");
        int tile = height != null && height.canConvertToInt() && height.asInt() > 0 ? height.asInt() : 256;
        JsonNode batch = emd == null ? null : emd.get("BatchSize");
        int batchSize = batch != null && batch.canConvertToInt() && batch.asInt() > 0 ? batch.asInt() : 1;
        // ArcGIS offers no padding argument when the definition gives ModelPadding: the model was trained
        // for it (its output may cover exactly the tile less that padding). Otherwise a quarter tile.
        // arcgis.learn and generated Deepness definitions may carry the threshold the model was tuned for.
        JsonNode declared = emd == null ? null : emd.get("Threshold");
        double threshold = declared != null && declared.isNumber() && declared.asDouble() >= 0 && declared.asDouble() <= 1
                ? declared.asDouble() : THRESHOLD;
        return new RunDefaults(tile, paddingFor(emd, tile), batchSize, threshold, NMS_OVERLAP, SCORE_THRESHOLD,
                true, "CPU");
    }

    /** The default padding for tiles of {@code tile} pixels: ModelPadding where it fits them, else a quarter. */
    static int paddingFor(JsonNode emd, int tile) {
        JsonNode modelPadding = emd == null ? null : emd.get("ModelPadding");
        return modelPadding != null && modelPadding.canConvertToInt() && modelPadding.asInt() >= 0
                && 2 * modelPadding.asInt() < tile ? modelPadding.asInt() : tile / 4;
    }

    /**
     * How a run feeds this definition's model its pixels, in words ("the band type's range scaled to
     * [0, 1] …"), or why it cannot: the rule of {@link InputScalingArguments}, for the item page.
     */
    public static String inputScaling(JsonNode emd) {
        List<Integer> bands = new ArrayList<>();
        emd.path("ExtractBands").forEach(band -> {
            if (band.canConvertToInt()) {
                bands.add(band.asInt());
            }
        });
        if (bands.isEmpty()) {
            bands.addAll(List.of(0, 1, 2));
        }
        List<PreflightFinding> findings = new ArrayList<>();
        InputScalingArguments scaling = InputScalingArguments.of(emd, bands, findings);
        return findings.isEmpty() ? scaling.rule().describe() : "cannot run: " + findings.get(0).message();
    }
}
