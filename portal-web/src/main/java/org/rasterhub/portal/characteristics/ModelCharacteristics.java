package org.rasterhub.portal.characteristics;

import java.util.List;

/**
 * What a version's package says about the model's quality: images, metrics and per-class tables,
 * all read as data, never as markup.
 *
 * @param notes what was left out or could not be read, one line each
 */
public record ModelCharacteristics(long item, int version, List<CharacteristicImage> images, List<Metric> metrics,
                                   List<MetricsTable> tables, List<String> notes) {

    public boolean isEmpty() {
        return images.isEmpty() && metrics.isEmpty() && tables.isEmpty();
    }
}
