/**
 * Imagery that models run on, and inference runs: what was asked (model version and hash, raster and
 * hash, arguments), where it stands (queued, running with tiles done, succeeded, failed with its
 * cause) and what it produced. Persisted with JPA on the schema of {@code sql/}.
 */
package org.rasterhub.core.run;
