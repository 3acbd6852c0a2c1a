package org.rasterhub.portal.characteristics;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The metric keys arcgis.learn writes into the {@code .emd}: {@code accuracy}, {@code mIoU},
 * {@code average_precision_score} (a number or one per class), {@code Kappa}, {@code monitored_*},
 * and {@code per_class_metrics}, an object or a JSON string holding one. Names are matched without
 * regard to case; values of other shapes are shown as their text, cut to size.
 */
final class EmdMetrics {
    /** Top-level keys read as metrics, lower case. */
    private static final Set<String> KEYS = Set.of("accuracy", "average_precision_score", "miou", "kappa",
            "precision", "recall", "f1", "f1_score", "f1score", "dice", "iou", "map", "psnr", "ssim", "bleu",
            "panoptic_quality", "per_class_metrics", "metrics");
    /** Names that are metrics rather than classes: a table keyed by them is turned to one row per class. */
    private static final Set<String> METRIC_NAMES = Set.of("precision", "recall", "f1", "f1_score", "f1score", "iou",
            "ap", "average_precision", "average_precision_score", "accuracy", "support", "dice", "kappa");
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // per_class_metrics is a JSON string inside the .emd: read it under the same kind of limits.
        JSON.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(20).maxStringLength(MetricsHtml.MAX_BYTES).maxNumberLength(100).build());
    }

    private EmdMetrics() {
    }

    /** @param emdJson the version's stored definition (valid JSON, checked at upload) */
    static MetricsFound read(String source, String emdJson) {
        JsonNode root;
        try {
            root = JSON.readTree(emdJson);
        } catch (JsonProcessingException e) {
            return MetricsFound.NONE;
        }
        if (root == null || !root.isObject()) {
            return MetricsFound.NONE;
        }
        List<Metric> metrics = new ArrayList<>();
        List<MetricsTable> tables = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            String lower = key.toLowerCase(Locale.ROOT);
            if (!KEYS.contains(lower) && !lower.startsWith("monitored_")) {
                continue;
            }
            JsonNode written = field.getValue();
            if (written.isTextual() && (lower.equals("per_class_metrics") || looksLikeJson(written.asText()))) {
                try {
                    written = JSON.readTree(written.asText());
                } catch (JsonProcessingException e) {
                    notes.add(source + " at /" + key + ": not readable as JSON (" + MetricsHtml.cut(
                            String.valueOf(e.getOriginalMessage()), 80) + ")");
                    continue;
                }
            }
            if (written == null || written.isNull() || written.isMissingNode()) {
                continue;
            }
            JsonNode value = written;
            if (value.isValueNode()) {
                metrics.add(new Metric(source, key, MetricsHtml.cut(value.asText(), MetricsHtml.MAX_CELL_CHARS)));
            } else if (value.isObject() && tables.size() < MetricsHtml.MAX_TABLES) {
                table(source, key, value).ifPresentOrElse(tables::add, () -> metrics.add(new Metric(source, key,
                        MetricsHtml.cut(value.toString(), MetricsHtml.MAX_CELL_CHARS))));
            } else {
                metrics.add(new Metric(source, key, MetricsHtml.cut(value.toString(), MetricsHtml.MAX_CELL_CHARS)));
            }
            if (metrics.size() >= MetricsHtml.MAX_METRICS) {
                notes.add(source + ": only the first " + MetricsHtml.MAX_METRICS + " metrics are shown");
                break;
            }
        }
        return new MetricsFound(metrics, tables, notes);
    }

    private static boolean looksLikeJson(String text) {
        String stripped = text.strip();
        return stripped.startsWith("{") && stripped.endsWith("}");
    }

    /**
     * {@code {"Car": 0.8, "Boat": 0.7}} as class/value rows; {@code {"Car": {"precision": …}}} as one
     * row per class; pandas' {@code {"precision": {"Car": …}}} turned around to the same.
     */
    private static java.util.Optional<MetricsTable> table(String source, String key, JsonNode object) {
        boolean nested = true;
        boolean flat = true;
        for (JsonNode each : object) {
            nested &= each.isObject();
            flat &= each.isValueNode();
        }
        if (object.isEmpty() || !nested && !flat) {
            return java.util.Optional.empty();
        }
        List<List<String>> rows = new ArrayList<>();
        if (flat) {
            object.fields().forEachRemaining(e -> rows.add(List.of(cell(e.getKey()), cell(e.getValue().asText()))));
            return java.util.Optional.of(new MetricsTable(source, key, List.of("class", key), limit(rows)));
        }
        List<String> outer = new ArrayList<>();
        object.fieldNames().forEachRemaining(outer::add);
        boolean byMetric = outer.stream().allMatch(n -> METRIC_NAMES.contains(n.toLowerCase(Locale.ROOT)));
        Set<String> inner = new LinkedHashSet<>();
        object.forEach(each -> each.fieldNames().forEachRemaining(inner::add));
        List<String> rowNames = byMetric ? List.copyOf(inner) : outer;
        List<String> columnNames = byMetric ? outer : List.copyOf(inner);
        columnNames = columnNames.subList(0, Math.min(columnNames.size(), MetricsHtml.MAX_COLUMNS - 1));
        for (String row : rowNames) {
            List<String> cells = new ArrayList<>();
            cells.add(cell(row));
            for (String column : columnNames) {
                JsonNode value = byMetric ? object.path(column).path(row) : object.path(row).path(column);
                cells.add(value.isMissingNode() || value.isNull() ? "" : cell(value.isValueNode()
                        ? value.asText() : value.toString()));
            }
            rows.add(cells);
        }
        List<String> columns = new ArrayList<>();
        columns.add("class");
        columnNames.forEach(c -> columns.add(cell(c)));
        return java.util.Optional.of(new MetricsTable(source, key, columns, limit(rows)));
    }

    private static List<List<String>> limit(List<List<String>> rows) {
        return rows.size() <= MetricsHtml.MAX_ROWS ? rows : rows.subList(0, MetricsHtml.MAX_ROWS);
    }

    private static String cell(String text) {
        return MetricsHtml.cut(text, MetricsHtml.MAX_CELL_CHARS);
    }
}
