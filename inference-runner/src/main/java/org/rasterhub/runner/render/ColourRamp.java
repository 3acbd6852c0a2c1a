package org.rasterhub.runner.render;

import java.util.ArrayList;
import java.util.List;

/**
 * The colour ramp measures (probabilities, regression values) are drawn with: viridis, which reads in
 * order from dark to light, is perceptually uniform, and stays legible to colour-blind readers and in
 * grey. Interpolated linearly between nine samples of the published ramp.
 */
public final class ColourRamp {
    private static final int[] STOPS = {
        0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c, 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725};

    private ColourRamp() {
    }

    /** Opaque ARGB of the ramp at {@code t}, 0 (dark purple) to 1 (yellow); clamped outside. */
    public static int argb(double t) {
        double clamped = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        double position = clamped * (STOPS.length - 1);
        int low = Math.min(STOPS.length - 2, (int) position);
        double f = position - low;
        int a = STOPS[low];
        int b = STOPS[low + 1];
        int red = mix(a >> 16 & 0xff, b >> 16 & 0xff, f);
        int green = mix(a >> 8 & 0xff, b >> 8 & 0xff, f);
        int blue = mix(a & 0xff, b & 0xff, f);
        return 0xff000000 | red << 16 | green << 8 | blue;
    }

    /** {@code count} colours evenly spaced along the ramp, as {@code #rrggbb}, for legends. */
    public static List<String> hexStops(int count) {
        if (count < 2) {
            throw new IllegalArgumentException("a ramp legend needs at least 2 stops, was " + count);
        }
        List<String> colours = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            colours.add(String.format("#%06x", argb((double) i / (count - 1)) & 0xffffff));
        }
        return colours;
    }

    private static int mix(int from, int to, double f) {
        return (int) Math.round(from + (to - from) * f);
    }
}
