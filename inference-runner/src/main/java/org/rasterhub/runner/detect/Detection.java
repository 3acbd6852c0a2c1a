package org.rasterhub.runner.detect;

/**
 * One detected object: its box in raster pixels, its class (the {@code .emd} class {@code Value})
 * and the model's score, 0 to 1.
 */
public record Detection(PixelBox box, int classValue, float score) {

    public Detection {
        if (box == null) {
            throw new IllegalArgumentException("a detection needs a box");
        }
        if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("score must be 0 to 1, was " + score);
        }
    }
}
