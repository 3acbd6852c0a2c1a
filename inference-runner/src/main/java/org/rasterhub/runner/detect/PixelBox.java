package org.rasterhub.runner.detect;

/**
 * An axis-aligned box in raster pixel coordinates: column {@code x} and row {@code y}, continuous, so
 * pixel (c, r) covers {@code [c, c + 1) x [r, r + 1)}. {@code minX <= maxX}, {@code minY <= maxY}.
 */
public record PixelBox(double minX, double minY, double maxX, double maxY) {

    public PixelBox {
        if (!(Double.isFinite(minX) && Double.isFinite(minY) && Double.isFinite(maxX)
                && Double.isFinite(maxY)) || minX > maxX || minY > maxY) {
            throw new IllegalArgumentException("box needs finite min <= max, was x " + minX + ".."
                + maxX + ", y " + minY + ".." + maxY);
        }
    }

    public double width() {
        return maxX - minX;
    }

    public double height() {
        return maxY - minY;
    }

    public double area() {
        return width() * height();
    }

    public double centreX() {
        return (minX + maxX) / 2;
    }

    public double centreY() {
        return (minY + maxY) / 2;
    }

    /** Intersection over union, 0 to 1; 0 when either box has no area. */
    public double iou(PixelBox other) {
        double w = Math.min(maxX, other.maxX) - Math.max(minX, other.minX);
        double h = Math.min(maxY, other.maxY) - Math.max(minY, other.minY);
        if (w <= 0 || h <= 0) {
            return 0;
        }
        double intersection = w * h;
        return intersection / (area() + other.area() - intersection);
    }
}
