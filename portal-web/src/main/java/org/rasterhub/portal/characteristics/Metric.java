package org.rasterhub.portal.characteristics;

/**
 * One named value, as text: "accuracy" → "0.93".
 *
 * @param source the package file it was read from ({@code .emd} or an HTML file)
 */
public record Metric(String source, String name, String value) {
}
