package org.rasterhub.portal.characteristics;

import java.util.List;

/**
 * A table of metrics, usually one row per class (precision, recall, F1, average precision…).
 *
 * @param source  the package file it was read from
 * @param title   its caption or the key it came from; may be empty
 * @param columns the header cells; as many as the widest row, blank where the file had none
 * @param rows    text cells, each row as wide as {@code columns}
 */
public record MetricsTable(String source, String title, List<String> columns, List<List<String>> rows) {
    public MetricsTable {
        columns = List.copyOf(columns);
        rows = rows.stream().map(List::copyOf).toList();
    }
}
