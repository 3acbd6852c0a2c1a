package org.rasterhub.portal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class RunDefaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theModelsOwnPaddingIsTheDefaultAsArcGisUsesItElseAQuarterTile() throws Exception {
        // Esri's land-cover package: 256 tiles, ModelPadding 64, output the centre 128.
        assertEquals(64, padding("{\"ImageHeight\": 256, \"ModelPadding\": 64}"));
        // A peer's 512 model answering the centre 484.
        assertEquals(14, padding("{\"ImageHeight\": 512, \"ModelPadding\": 14}"));
        assertEquals(0, padding("{\"ImageHeight\": 512, \"ModelPadding\": 0}"));
        assertEquals(128, padding("{\"ImageHeight\": 512}"));
        assertEquals(64, padding("{\"ImageHeight\": 256, \"ModelPadding\": 128}"), "no core left: a quarter tile");
        assertEquals(64, padding("{\"ImageHeight\": 256, \"ModelPadding\": \"wide\"}"));
    }

    private static int padding(String emd) throws Exception {
        return RunDefaults.of(JSON.readTree(emd)).padding();
    }
}
