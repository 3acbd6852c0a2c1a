/**
 * The Esri Model Definition ({@code .emd}): a JSON document that says what a model is and how to
 * run it. This package reads one strictly (duplicate keys, byte-order mark, limits), remembers where
 * each value stood in the file so problems name a line and column, and exposes the keys RasterHub
 * uses as a {@link org.rasterhub.core.emd.ModelDefinition}. Unknown keys are kept, not refused. The
 * types and allowed values of the known keys are in RasterHub's JSON Schema
 * ({@link org.rasterhub.core.emd.EmdSchema}, {@code schemas/emd.schema.json}), which never fetches
 * anything; rules that span keys are checked by the reader.
 */
package org.rasterhub.core.emd;
