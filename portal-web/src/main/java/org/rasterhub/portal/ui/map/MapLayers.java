package org.rasterhub.portal.ui.map;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.rasterhub.portal.run.RunDetails;

/**
 * The layers of a run, bottom to top: its input rasters as imagery tiles, its class rasters as class
 * tiles, its GeoJSON outputs as features in their class colours (whole or as vector tiles, by
 * {@link MapLayer#features}'s rule). GeoPackages duplicate the GeoJSON and are left off the map.
 */
final class MapLayers {
    private MapLayers() {
    }

    /**
     * @param contextPath the servlet context path ("" at the root), prefixed to every API path
     * @param rasterName  a raster's file name by id, for layer titles
     * @param forceVectorTiles draw feature outputs from vector tiles whatever their size
     */
    static List<MapLayer> of(RunDetails run, String contextPath, LongFunction<String> rasterName,
                             boolean forceVectorTiles) {
        List<MapLayer> layers = new ArrayList<>();
        for (RunDetails.Input input : run.inputs()) {
            if (input.raster() == null) {
                continue;
            }
            String api = contextPath + "/api/rasters/" + input.raster();
            String role = input.role().equals("raster") ? "Imagery" : "Imagery (" + input.role() + ")";
            layers.add(new MapLayer("raster-" + input.raster() + "-" + input.role(),
                    role + ": " + rasterName.apply(input.raster()), MapLayer.Kind.TILES,
                    api + "/tiles/{z}/{x}/{y}.png", api + "/extent", Map.of(), true, false));
        }
        Map<String, String> colors = colors(run.summary());
        for (RunDetails.Output output : run.outputs()) {
            String api = contextPath + output.href();
            if (output.format().equals("cog")) {
                layers.add(new MapLayer("output-" + output.position(), title(output), MapLayer.Kind.TILES,
                        api + "/tiles/{z}/{x}/{y}.png", api + "/extent", Map.of(), true, true));
            } else if (output.format().equals("geojson")) {
                layers.add(MapLayer.features("output-" + output.position(), title(output), output.size(),
                        forceVectorTiles, api + "/features/{z}/{x}/{y}.mvt", api + "/extent", colors));
            }
        }
        return layers;
    }

    /** Class name to colour from the summary's legend ({@code value, name, color}). */
    static Map<String, String> colors(JsonNode summary) {
        Map<String, String> colors = new LinkedHashMap<>();
        if (summary != null && summary.path("legend").isArray()) {
            for (JsonNode entry : summary.get("legend")) {
                colors.put(entry.path("name").asText(), entry.path("color").asText("#ff00ff"));
            }
        }
        return colors;
    }

    private static String title(RunDetails.Output output) {
        String what = switch (output.kind()) {
            case "classified_raster" -> "Classes";
            case "change_raster" -> "Change";
            case "probability_raster" -> "Probabilities";
            case "value_raster" -> "Values";
            case "detected_objects" -> "Detected objects";
            case "classified_objects" -> "Classified features";
            default -> output.kind();
        };
        return what + ": " + output.fileName();
    }
}
