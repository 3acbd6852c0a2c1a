/**
 * Detect Change: compares two rasters of the same place on the same pixel grid, from two dates, with
 * a model, tile by tile in one pass. {@link org.rasterhub.runner.change.ChangeDetector} supports a
 * pixel classification model (both dates classified, written as class transitions such as "Water →
 * Forest") and a two-date model that sees both dates at once and answers with its own classes
 * ({@link org.rasterhub.runner.change.ChangeMode}). It reuses Classify Pixels' tile reader, output
 * contract and overlapping pipeline; the tensor contract is in {@code docs/models.md}.
 */
package org.rasterhub.runner.change;
