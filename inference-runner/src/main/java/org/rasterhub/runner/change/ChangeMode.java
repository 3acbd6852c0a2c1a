package org.rasterhub.runner.change;

import java.util.Locale;

/**
 * How {@link ChangeDetector} uses its model; the model decides which one applies.
 */
public enum ChangeMode {
    /**
     * A pixel classification model, as Classify Pixels takes: both dates are classified and each
     * pixel becomes a transition value, 0 for no change (see {@link Transition}).
     */
    CLASS_TRANSITIONS,
    /**
     * A two-date model: input {@code [N, 2 x bands, H, W]}, the from-date's bands then the
     * to-date's, output a per-pixel class map or scores of the {@code .emd}'s classes (for example
     * "no change" and "change"), written as is.
     */
    TWO_DATE_MODEL;

    /**
     * The mode for a model described by an {@code .emd}: {@link #TWO_DATE_MODEL} when its {@code
     * ModelType} is {@code ChangeDetection} or its {@code ModelConfiguration} names a change model
     * (contains "change", any case, as in Esri's {@code ChangeDetector}), else {@link
     * #CLASS_TRANSITIONS}.
     *
     * @param modelType the {@code .emd}'s {@code ModelType}; may be null
     * @param modelConfiguration the {@code .emd}'s {@code ModelConfiguration}; may be null
     */
    public static ChangeMode forModel(String modelType, String modelConfiguration) {
        if ("ChangeDetection".equalsIgnoreCase(modelType)) {
            return TWO_DATE_MODEL;
        }
        if (modelConfiguration != null
                && modelConfiguration.toLowerCase(Locale.ROOT).contains("change")) {
            return TWO_DATE_MODEL;
        }
        return CLASS_TRANSITIONS;
    }
}
