package org.rasterhub.runner.vector;

/**
 * The attribute types kept: OGR integers of either width become {@link #INTEGER} ({@code Long}),
 * reals {@link #REAL} ({@code Double}), everything else (dates, lists, binary) {@link #STRING} as
 * OGR formats it, so no attribute is lost on the way through.
 */
public enum FieldType {
    STRING, INTEGER, REAL
}
