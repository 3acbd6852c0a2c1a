package org.rasterhub.portal.run;

import java.util.List;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.storage.ContentHash;

/** What the run job needs, read in one transaction when it starts. */
record RunPlan(long runId, ContentHash model, ContentHash raster, List<Integer> extractBands, List<ModelClass> classes,
               int tileSize, int padding, int batchSize) {
}
