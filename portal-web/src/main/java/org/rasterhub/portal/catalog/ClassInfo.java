package org.rasterhub.portal.catalog;

import java.util.List;
import org.rasterhub.core.emd.ModelClass;

/** A model class as the portal shows it: value, name and RGB colour. */
public record ClassInfo(int value, String name, List<Integer> color) {

    static ClassInfo of(ModelClass c) {
        return new ClassInfo(c.value(), c.name(), List.of(c.red(), c.green(), c.blue()));
    }

    public String hexColor() {
        return String.format("#%02x%02x%02x", color.get(0), color.get(1), color.get(2));
    }
}
