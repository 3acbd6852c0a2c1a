package org.rasterhub.portal.it;

import static org.rasterhub.core.testing.TestPackages.aPackage;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;
import org.rasterhub.core.testing.TestPackages;

/**
 * Packages like those arcgis.learn writes, with {@code ModelCharacteristics/} images drawn here with
 * ImageIO, and a {@code metrics.html} full of markup that must never run: every trick in it sets
 * {@code window.pwned}, so a page that shows it can prove nothing ran.
 */
final class CharacteristicsPackages {
    static final int LOSS_GRAPH_WIDTH = 320;
    static final int LOSS_GRAPH_HEIGHT = 200;
    /** Shown as text on the item page, exactly like this. */
    static final String ESCAPED_MARKUP = "<img src=x onerror=\"window.pwned='escaped'\">";

    static final String HOSTILE_METRICS_HTML = """
            <!DOCTYPE html>
            <html><head><title>metrics</title><script>window.pwned = 'script in head';</script>
            <style>body { background: url("javascript:window.pwned='style'") }</style></head>
            <body onload="window.pwned='onload'">
            <h2>Validation metrics</h2>
            <table class="dataframe">
              <tr><th>Metric</th><th>Value</th></tr>
              <tr><td>accuracy</td><td>0.9375</td></tr>
              <tr><td onmouseover="window.pwned='attribute'">Kappa</td>
                  <td><img src=x onerror="window.pwned='onerror'">0.8125</td></tr>
              <tr><td>note</td><td>&lt;img src=x onerror=&quot;window.pwned='escaped'&quot;&gt;</td></tr>
            </table>
            <iframe src="javascript:parent.pwned='iframe'"></iframe>
            <iframe srcdoc="<script>parent.pwned='srcdoc'</script>"></iframe>
            <table>
              <tr><th>class</th><th>precision</th><th>recall</th><th>f1</th></tr>
              <tr><td>Water</td><td>0.97</td><td>0.95</td><td>0.96</td></tr>
              <tr><td>Forest</td><td>0.88</td><td>0.91</td><td>0.89</td></tr>
            </table>
            <svg onload="window.pwned='svg'"><script>window.pwned='svg script'</script></svg>
            <a href="javascript:window.pwned='link'">click me</a>
            <script>window.pwned = 'script in body';</script>
            </body></html>
            """;

    static final String MODEL_METRICS_HTML = """
            <html><body><h1>Model metrics</h1>
            <p><b>Backbone</b>: resnet34</p>
            <h3>Learning rate</h3><p>0.0003</p>
            </body></html>
            """;

    /** The land-cover test model with arcgis.learn's metric keys in its definition. */
    static final String EMD_WITH_METRICS = TestPackages.LAND_COVER_EMD.replace("\"ExtractBands\": [0, 1, 2],",
            "\"ExtractBands\": [0, 1, 2], \"accuracy\": 0.91, \"mIoU\": 0.66,"
            + " \"MinCellSize\": {\"x\": 0.5, \"y\": 0.5, \"spatialReference\": {\"wkid\": 32633}},");

    private CharacteristicsPackages() {
    }

    /** Three real PNGs, the hostile metrics.html, a model_metrics.html and metrics in the .emd. */
    static TestPackages withCharacteristics() {
        return aPackage().withEmd(EMD_WITH_METRICS)
                .withFile("ModelCharacteristics/loss_graph.png", png(LOSS_GRAPH_WIDTH, LOSS_GRAPH_HEIGHT, Color.BLUE))
                .withFile("ModelCharacteristics/show_results.png", png(240, 240, Color.GREEN))
                .withFile("ModelCharacteristics/confusion_matrix.png", png(180, 180, Color.ORANGE))
                .withFile("ModelCharacteristics/metrics.html", HOSTILE_METRICS_HTML)
                .withFile("model_metrics.html", MODEL_METRICS_HTML);
    }

    /** An HTML page named like an image: it must never be served as one. */
    static TestPackages withHtmlNamedPng() {
        return aPackage().withFile("ModelCharacteristics/show_results.png",
                "<html><script>window.pwned='polyglot'</script></html>");
    }

    static byte[] png(int width, int height, Color color) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(color);
            g.drawLine(0, height - 1, width - 1, 0);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
