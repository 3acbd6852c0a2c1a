package org.rasterhub.portal.ui.item;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelFactsTest {

    @Test
    void bandsTileSizeAndCellSizeLimitsAreShownAsAModelUserReadsThem() {
        Map<String, String> facts = facts("""
                {"ExtractBands": [0, 1, 2], "ImageHeight": 256, "ImageWidth": 512, "BatchSize": 4,
                 "MinCellSize": {"x": 0.3, "y": 0.3, "spatialReference": {"wkid": 102100, "latestWkid": 3857}},
                 "MaxCellSize": {"x": 1.25, "y": 1.25},
                 "ArcGISLearnVersion": "2.1.0", "ModelParameters": {"backbone": "resnet34"}}""");

        assertEquals("0, 1, 2 (3 bands)", facts.get("Input bands"));
        assertEquals("256 × 512 pixels (height × width)", facts.get("Image size"));
        assertEquals("4", facts.get("Batch size"));
        assertEquals("0.3 × 0.3 (EPSG:3857)", facts.get("Minimum cell size"));
        assertEquals("1.25 × 1.25", facts.get("Maximum cell size"));
        assertEquals("2.1.0", facts.get("arcgis.learn version"));
        assertEquals("resnet34", facts.get("Backbone"));
    }

    @Test
    void bandNamesAndOddShapesAreShownAsTheyAreNotDropped() {
        Map<String, String> facts = facts("{\"ExtractBands\": [\"Red\"], \"MinCellSize\": \"about 1 m\"}");
        assertEquals("Red (1 band)", facts.get("Input bands"));
        assertEquals("about 1 m", facts.get("Minimum cell size"));
    }

    @Test
    void theInputScalingSaysWhatTheModelIsFed() {
        assertEquals("the band type's range scaled to [0, 1] (8-bit: value × 1 / 255 + 0; floating-point bands as"
                + " stored)", facts("{\"DataRange\": [0.0, 1.0]}").get("Input scaling"));
        assertEquals("values as stored", facts("{\"ImageHeight\": 256}").get("Input scaling"));
        assertEquals("each band min-max scaled, then standardised, with its training statistics", facts("""
                {"ExtractBands": [1], "NormalizationStats": {"band_min_values": [0, 0], "band_max_values": [9, 9],
                 "scaled_mean_values": [0.1, 0.2], "scaled_std_values": [0.3, 0.3]}}""").get("Input scaling"));
        assertTrue(facts("{\"ExtractBands\": [4], \"NormalizationStats\": {\"band_min_values\": [0]}}")
                .get("Input scaling").startsWith("cannot run: "));
    }

    @Test
    void aDefinitionThatIsNotAnObjectHasNoFacts() {
        assertTrue(ModelFacts.of("[]").facts().isEmpty());
        assertTrue(ModelFacts.of("not json").facts().isEmpty());
    }

    private static Map<String, String> facts(String emd) {
        Map<String, String> facts = new LinkedHashMap<>();
        ModelFacts.of(emd).facts().forEach(f -> facts.put(f.label(), f.value()));
        return facts;
    }
}
