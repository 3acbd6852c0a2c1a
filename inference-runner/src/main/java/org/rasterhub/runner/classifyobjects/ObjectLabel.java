package org.rasterhub.runner.classifyobjects;

import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * The label given to one input feature: its class value and name, or none with the reason
 * ({@link ObjectClassifier#OUTSIDE_RASTER} or below the score threshold); the confidence is the top
 * probability, absent when the feature was never seen by the model.
 *
 * @param fid the feature's id in the input file
 */
public record ObjectLabel(long fid, OptionalInt classValue, Optional<String> className,
                          OptionalDouble confidence, Optional<String> reason) {
}
