package org.rasterhub.runner.vector;

/** An axis-aligned bounding rectangle in map units of some CRS; {@code min <= max} on both axes. */
public record Envelope(double minX, double minY, double maxX, double maxY) {

    public Envelope {
        if (!(Double.isFinite(minX) && Double.isFinite(minY) && Double.isFinite(maxX)
                && Double.isFinite(maxY)) || minX > maxX || minY > maxY) {
            throw new IllegalArgumentException("envelope needs finite min <= max, was x " + minX
                + ".." + maxX + ", y " + minY + ".." + maxY);
        }
    }

    public double width() {
        return maxX - minX;
    }

    public double height() {
        return maxY - minY;
    }
}
