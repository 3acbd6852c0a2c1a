package org.rasterhub.portal.characteristics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsHtmlTest {
    private static final String SOURCE = "ModelCharacteristics/metrics.html";

    @Test
    void twoColumnTableCellsBecomeNamedMetrics() {
        MetricsFound found = MetricsHtml.parse(SOURCE, """
                <table><tr><th>Metric</th><th>Value</th></tr>
                <tr><td>accuracy</td><td> 0.93 </td></tr>
                <tr><td>mIoU</td><td>0.71</td></tr></table>""");

        assertEquals(List.of(new Metric(SOURCE, "accuracy", "0.93"), new Metric(SOURCE, "mIoU", "0.71")),
                found.metrics());
        assertTrue(found.tables().isEmpty());
    }

    @Test
    void pandasPerClassTableKeepsItsHeaderAndRows() {
        // What DataFrame.to_html writes, index name in a second header row.
        MetricsFound found = MetricsHtml.parse(SOURCE, """
                <table border="1" class="dataframe">
                  <thead>
                    <tr style="text-align: right;"><th></th><th>precision</th><th>recall</th><th>f1</th></tr>
                    <tr><th>class</th><th></th><th></th><th></th></tr>
                  </thead>
                  <tbody>
                    <tr><th>Water</th><td>0.97</td><td>0.95</td><td>0.96</td></tr>
                    <tr><th>Forest</th><td>0.88</td><td>0.91</td><td>0.89</td></tr>
                  </tbody>
                </table>""");

        assertEquals(1, found.tables().size());
        MetricsTable table = found.tables().get(0);
        assertEquals(List.of("class", "precision", "recall", "f1"), table.columns());
        assertEquals(List.of(List.of("Water", "0.97", "0.95", "0.96"), List.of("Forest", "0.88", "0.91", "0.89")),
                table.rows());
    }

    @Test
    void nameValueLinesAndAHeadingFollowedByItsNumberAreMetrics() {
        MetricsFound found = MetricsHtml.parse("model_metrics.html", """
                <html><body><h2>Training</h2>
                <p><b>Backbone</b>: resnet34</p><p>Learning rate = 0.0003</p>
                <h3>Accuracy</h3><p>0.945</p></body></html>""");

        assertEquals(List.of("Backbone=resnet34", "Learning rate=0.0003", "Accuracy=0.945"), pairs(found));
    }

    @Test
    void scriptsStylesFramesAndAttributesNeverReachTheText() {
        MetricsFound found = MetricsHtml.parse(SOURCE, """
                <head><title>pwn</title><style>td { background: url(javascript:alert(1)) }</style></head>
                <script>window.pwned = 1; document.write("<td>fake</td>")</script>
                <table><tr><td onmouseover="window.pwned=2">Kappa</td>
                <td><img src=x onerror="window.pwned=3">0.80<iframe src="javascript:window.pwned=4">framed</iframe></td>
                </tr><tr><td>note</td><td><a href="javascript:alert(1)">click</a><svg onload="x()"><text>svg</text></svg></td></tr>
                </table><SCRIPT type="module">import('//evil')</SCRIPT >
                <noscript>hidden</noscript><!-- <script>commented</script> -->""");

        assertEquals(List.of("Kappa=0.80", "note=click"), pairs(found));
        String all = everything(found);
        for (String never : List.of("pwned", "onerror", "onmouseover", "javascript", "iframe", "framed", "svg",
                "evil", "hidden", "commented", "fake", "<", ">")) {
            assertFalse(all.contains(never), never + " leaked into " + all);
        }
    }

    @Test
    void escapedMarkupIsDecodedToLiteralTextForTheCallerToShowAsText() {
        MetricsFound found = MetricsHtml.parse(SOURCE,
                "<table><tr><td>label</td><td>&lt;img src=x onerror=alert(1)&gt; &amp; &#x41;&#66;</td></tr></table>");

        assertEquals("<img src=x onerror=alert(1)> & AB", found.metrics().get(0).value());
    }

    @Test
    void brokenMarkupStopsQuietlyWithoutLoopingOrThrowing() {
        List<String> hostile = List.of("<", "<<<<", "</", "</>", "<!--", "<!-- x", "<table", "<td>a<td>b",
                "<script>never closed", "<a title='>'>x</a>", "<table><tr><td>only", "&#99999999;", "&#0;x",
                "<" + "a".repeat(10_000), "<table>".repeat(5_000), "</table>".repeat(100), "<p>x\u202Ey\u0000z");
        for (String html : hostile) {
            MetricsHtml.parse(SOURCE, html); // must return
        }
        MetricsFound bidi = MetricsHtml.parse(SOURCE, "<p>name: a\u202Eb\u0000c\u200Bd</p>");
        assertEquals("abcd", bidi.metrics().get(0).value(), "control and format characters are dropped");
    }

    @Test
    void aMegabyteOfTagsIsReadInLinearTime() {
        for (String unit : List.of("<script></script>", "<table><tr><td>", "<!-- -->", "<a href='x'>", "&amp;")) {
            String html = unit.repeat(MetricsHtml.MAX_BYTES / unit.length());
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> MetricsHtml.parse(SOURCE, html), unit);
        }
    }

    @Test
    void cellsRowsTablesAndMetricsAreCutToTheirLimits() {
        StringBuilder html = new StringBuilder("<table>");
        for (int row = 0; row < MetricsHtml.MAX_ROWS + 50; row++) {
            html.append("<tr><td>c").append(row).append("</td><td>1</td><td>").append("x".repeat(300))
                    .append("</td></tr>");
        }
        html.append("</table>");
        for (int i = 0; i < MetricsHtml.MAX_METRICS + 10; i++) {
            html.append("<p>m").append(i).append(": ").append(i).append("</p>");
        }

        MetricsFound found = MetricsHtml.parse(SOURCE, html.toString());

        MetricsTable table = found.tables().get(0);
        assertEquals(MetricsHtml.MAX_ROWS, table.rows().size());
        assertEquals(MetricsHtml.MAX_CELL_CHARS, table.rows().get(0).get(2).length());
        assertTrue(table.rows().get(0).get(2).endsWith("…"));
        assertEquals(MetricsHtml.MAX_METRICS, found.metrics().size());
        assertTrue(found.notes().stream().anyMatch(n -> n.contains("first " + MetricsHtml.MAX_METRICS + " metrics")),
                found.notes().toString());
    }

    @Test
    void aTableOfNothingButWhitespaceSaysSo() {
        MetricsFound found = MetricsHtml.parse(SOURCE, "<table><tr><td> </td><td></td></tr></table>");
        assertTrue(found.metrics().isEmpty());
        assertEquals(List.of(SOURCE + ": its tables hold no metrics that could be read"), found.notes());
    }

    private static List<String> pairs(MetricsFound found) {
        return found.metrics().stream().map(m -> m.name() + "=" + m.value()).toList();
    }

    private static String everything(MetricsFound found) {
        List<String> all = new ArrayList<>();
        found.metrics().forEach(m -> all.addAll(List.of(m.name(), m.value())));
        found.tables().forEach(t -> {
            all.add(t.title());
            all.addAll(t.columns());
            t.rows().forEach(all::addAll);
        });
        all.addAll(found.notes());
        return String.join("|", all);
    }
}
