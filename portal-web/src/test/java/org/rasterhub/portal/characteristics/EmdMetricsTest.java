package org.rasterhub.portal.characteristics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class EmdMetricsTest {

    @Test
    void scalarMetricKeysAreReadWhateverTheirCase() {
        MetricsFound found = EmdMetrics.read("m.emd", """
                {"ModelType": "ImageClassification", "accuracy": 0.93, "mIoU": "0.71", "Kappa": 0.8,
                 "monitored_valid_loss": 0.12, "ImageHeight": 256}""");

        assertEquals(List.of("accuracy=0.93", "mIoU=0.71", "Kappa=0.8", "monitored_valid_loss=0.12"),
                found.metrics().stream().map(m -> m.name() + "=" + m.value()).toList());
        assertEquals("m.emd", found.metrics().get(0).source());
    }

    @Test
    void averagePrecisionPerClassBecomesAClassTable() {
        MetricsFound found = EmdMetrics.read("m.emd", """
                {"average_precision_score": {"Car": 0.81, "Boat": 0.64}}""");

        MetricsTable table = found.tables().get(0);
        assertEquals(List.of("class", "average_precision_score"), table.columns());
        assertEquals(List.of(List.of("Car", "0.81"), List.of("Boat", "0.64")), table.rows());
    }

    @Test
    void perClassMetricsWrittenAsAJsonStringByPandasAreTurnedToOneRowPerClass() {
        MetricsFound found = EmdMetrics.read("m.emd", """
                {"per_class_metrics": "{\\"precision\\": {\\"Water\\": 0.97, \\"Forest\\": 0.88}, \\"recall\\": {\\"Water\\": 0.95, \\"Forest\\": 0.91}}"}""");

        MetricsTable table = found.tables().get(0);
        assertEquals(List.of("class", "precision", "recall"), table.columns());
        assertEquals(List.of(List.of("Water", "0.97", "0.95"), List.of("Forest", "0.88", "0.91")), table.rows());
    }

    @Test
    void perClassMetricsThatAreNotJsonGiveANoteNotAFailure() {
        MetricsFound found = EmdMetrics.read("m.emd", "{\"per_class_metrics\": \"{not json\"}");

        assertTrue(found.metrics().isEmpty() && found.tables().isEmpty());
        assertTrue(found.notes().get(0).startsWith("m.emd at /per_class_metrics: not readable as JSON"),
                found.notes().toString());
    }

    @Test
    void aDefinitionWithoutMetricsHasNone() {
        assertEquals(MetricsFound.NONE.metrics(), EmdMetrics.read("m.emd", "{\"ModelType\": \"x\"}").metrics());
        assertTrue(EmdMetrics.read("m.emd", "[1, 2]").metrics().isEmpty());
    }
}
