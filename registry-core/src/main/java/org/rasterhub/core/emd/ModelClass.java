package org.rasterhub.core.emd;

/**
 * One entry of the {@code Classes} table: the pixel or label value, its name and display colour.
 *
 * @param color RGB, each 0-255
 */
public record ModelClass(int value, String name, int red, int green, int blue) {

    public ModelClass {
        for (int channel : new int[] {red, green, blue}) {
            if (channel < 0 || channel > 255) {
                throw new IllegalArgumentException("colour channel out of 0-255: " + channel);
            }
        }
    }

    /** CSS/HTML hex colour such as {@code #00ff00}. */
    public String hexColor() {
        return String.format("#%02x%02x%02x", red, green, blue);
    }
}
