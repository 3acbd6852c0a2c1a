package org.rasterhub.portal.characteristics;

import java.util.List;

/** Metrics read from one file, and what was left out of it. */
record MetricsFound(List<Metric> metrics, List<MetricsTable> tables, List<String> notes) {
    static final MetricsFound NONE = new MetricsFound(List.of(), List.of(), List.of());

    MetricsFound {
        metrics = List.copyOf(metrics);
        tables = List.copyOf(tables);
        notes = List.copyOf(notes);
    }
}
