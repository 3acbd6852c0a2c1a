package org.rasterhub.runner.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.runner.render.FeatureThumbnail;

/**
 * Draws each feature result's thumbnail as its run finishes, outside any transaction, and stores it
 * as a blob, so that no page or request ever reads a whole layer to show its preview. A thumbnail
 * that cannot be drawn is left out (logged): the layer then draws it on request, as before.
 */
public final class LayerThumbnails {
    private static final System.Logger LOG = System.getLogger(LayerThumbnails.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One result of a run: the layer of one input and kind. */
    record Result(int inputPosition, RunOutput.Kind kind) {
    }

    private LayerThumbnails() {
    }

    /**
     * @param summary the run's summary, whose legend gives the class colours
     * @param work    the run's work folder, for the PNG before it is stored
     */
    static Map<Result, ContentHash> draw(List<ToolExecution.File> files, Object summary, BlobStore blobs, Path work) {
        JsonNode legend = summary == null ? null : JSON.valueToTree(summary).path("legend");
        Map<String, String> colors = FeatureThumbnail.colors(legend);
        Map<Result, ContentHash> drawn = new HashMap<>();
        for (ToolExecution.File file : files) {
            if (file.format() != RunOutput.Format.GEOJSON) {
                continue;
            }
            try {
                byte[] png = FeatureThumbnail.png(() -> Files.newInputStream(file.path()), colors,
                        FeatureThumbnail.DEFAULT_SIZE);
                Path written = Files.write(work.resolve("thumbnail-" + drawn.size() + ".png"), png);
                ContentHash hash = ContentHash.ofFile(written);
                blobs.put(written, hash);
                drawn.put(new Result(file.inputPosition(), file.kind()), hash);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "thumbnail of " + file.fileName() + " not drawn; it will be drawn on request", e);
            }
        }
        return drawn;
    }
}
