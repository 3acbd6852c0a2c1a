package org.rasterhub.core.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import org.rasterhub.core.emd.ModelClass;

/** A class of a version's model, kept in its own table so search can find models by class name. */
@Embeddable
public class ClassEntry {
    @Column(name = "class_value", nullable = false)
    private int value;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "color_rgb", nullable = false)
    private int colorRgb;

    protected ClassEntry() {
        // for JPA
    }

    ClassEntry(ModelClass modelClass) {
        this.value = modelClass.value();
        this.name = modelClass.name().length() > 200 ? modelClass.name().substring(0, 200) : modelClass.name();
        this.colorRgb = (modelClass.red() << 16) | (modelClass.green() << 8) | modelClass.blue();
    }

    public ModelClass toModelClass() {
        return new ModelClass(value, name, (colorRgb >> 16) & 0xFF, (colorRgb >> 8) & 0xFF, colorRgb & 0xFF);
    }
}
