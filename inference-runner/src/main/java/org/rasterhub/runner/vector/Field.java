package org.rasterhub.runner.vector;

/** An attribute column of a feature layer. */
public record Field(String name, FieldType type) {

    public Field {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("field name must not be blank");
        }
        if (type == null) {
            throw new IllegalArgumentException("field " + name + " needs a type");
        }
    }
}
