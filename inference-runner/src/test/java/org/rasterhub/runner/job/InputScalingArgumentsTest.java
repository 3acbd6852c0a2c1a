package org.rasterhub.runner.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rasterhub.runner.classify.InputScaling;
import org.rasterhub.runner.preflight.PreflightFinding;

class InputScalingArgumentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STATS = """
            "NormalizationStats": {
              "band_min_values": [0, 10, 20, 30], "band_max_values": [100, 110, 120, 130],
              "band_mean_values": [50, 60, 70, 80], "band_std_values": [5, 6, 7, 8],
              "scaled_min_values": [0, 0, 0, 0], "scaled_max_values": [1, 1, 1, 1],
              "scaled_mean_values": [0.1, 0.2, 0.3, 0.4], "scaled_std_values": [0.5, 0.6, 0.7, 0.8]
            }""";

    @Test
    void statisticsArePickedForTheExtractedBandsInModelOrder() throws Exception {
        List<PreflightFinding> findings = new ArrayList<>();

        InputScalingArguments args = InputScalingArguments.of(emd(STATS), List.of(3, 1), findings);

        assertEquals(List.of(), findings);
        assertEquals(new InputScalingArguments.Statistics(List.of(30.0, 10.0), List.of(130.0, 110.0),
                List.of(0.4, 0.2), List.of(0.8, 0.6)), args.statistics());
        assertInstanceOf(InputScaling.BandStatistics.class, args.rule());
    }

    @Test
    void normalizationStatsWinOverADataRange() throws Exception {
        InputScalingArguments args = InputScalingArguments.of(emd(STATS + ", \"DataRange\": [0, 1]"), List.of(0),
                new ArrayList<>());

        assertEquals(null, args.dataRange());
        assertInstanceOf(InputScaling.BandStatistics.class, args.rule());
    }

    @Test
    void doNormalizeFalseOrZeroKeepsOnlyTheMinMaxScaling() throws Exception {
        for (String flag : List.of("false", "0")) {
            InputScalingArguments args = InputScalingArguments.of(emd(STATS + ", \"DoNormalize\": " + flag),
                    List.of(0), new ArrayList<>());
            assertEquals(null, args.statistics().scaledMean(), flag);
            assertEquals(null, args.statistics().scaledStd(), flag);
        }
    }

    @Test
    void aDataRangeAloneScalesByTheBandType() throws Exception {
        InputScalingArguments args = InputScalingArguments.of(emd("\"DataRange\": [0, 1]"), List.of(0, 1, 2),
                new ArrayList<>());

        assertEquals(new InputScaling.TypeRange(0, 1), args.rule());
        assertEquals(InputScaling.NONE, InputScalingArguments.of(emd("\"ImageHeight\": 256"), List.of(0),
                new ArrayList<>()).rule());
    }

    @Test
    void statisticsThatDoNotCoverABandTheModelReadsAreAFinding() throws Exception {
        List<PreflightFinding> findings = new ArrayList<>();

        InputScalingArguments args = InputScalingArguments.of(emd(STATS), List.of(0, 5), findings);

        assertEquals(InputScalingArguments.NONE, args);
        assertTrue(findings.stream().anyMatch(f -> f.message().contains("band_min_values has 4 value(s) but the model"
                + " reads band 5")), findings.toString());
    }

    @Test
    void aZeroStandardDeviationOrAnEmptyRangeIsAFinding() throws Exception {
        List<PreflightFinding> findings = new ArrayList<>();

        InputScalingArguments.of(emd("""
                "NormalizationStats": {"band_min_values": [5], "band_max_values": [5],
                  "scaled_mean_values": [0.5], "scaled_std_values": [0]}"""), List.of(0), findings);

        assertEquals(2, findings.size(), findings.toString());
    }

    private static JsonNode emd(String members) throws Exception {
        return JSON.readTree("{" + members + "}");
    }
}
