package org.rasterhub.portal.layer;

import org.rasterhub.runner.job.Tool;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.core.layer.LayerItem;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RasterItem;
import org.rasterhub.core.run.FeatureItem;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.InvalidItemEditException;
import org.rasterhub.portal.catalog.ItemAccess;
import org.rasterhub.runner.job.Tool;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.GroupService;

/** Finds, shares and serves result layers, each call in one transaction. */
@ApplicationScoped
@Transactional
public class LayerService {
    private static final ObjectMapper JSON = new ObjectMapper();

    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final CatalogService catalog;
    private final GroupService groups;
    private final BlobStore blobs;
    private final Clock clock;
    /** "layer id/format" → its file: outputs are content-addressed and never change. */
    private final java.util.Map<String, Path> tileSources = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    public LayerService(CatalogService catalog, GroupService groups, BlobStore blobs, Clock clock) {
        this.catalog = catalog;
        this.groups = groups;
        this.blobs = blobs;
        this.clock = clock;
    }

    protected LayerService() {
        this(null, null, null, null); // for the CDI proxy only
    }

    /** The layers the caller may see, newest first; of one run when {@code runId} is given. */
    public List<LayerDetails> list(Caller caller, Long runId) {
        ItemAccess access = catalog.access(caller);
        String run = runId == null ? "" : " and l.runId = :run";
        var query = access.bind(entityManager.createQuery("select l from LayerItem l where "
                + ItemAccess.viewableCondition("l", "LayerItem") + run
                + " order by l.createdAt desc, l.id desc", LayerItem.class));
        if (runId != null) {
            query.setParameter("run", runId);
        }
        return query.setMaxResults(500).getResultStream().map(layer -> details(layer, access)).toList();
    }

    public Optional<LayerDetails> find(long id, Caller caller) {
        ItemAccess access = catalog.access(caller);
        return visible(id, access).map(layer -> details(layer, access));
    }

    /**
     * Shares a layer. Sharing beyond private publishes it, which needs the Publisher role; owners
     * share only with groups they belong to, as with items.
     */
    public LayerDetails share(long id, Caller caller, Sharing level, Collection<Long> groupIds) {
        ItemAccess access = catalog.access(caller);
        LayerItem layer = manageable(id, access, "share");
        if (level != Sharing.PRIVATE && !access.canPublish(layer)) {
            throw new AccessDeniedException("publishing a layer (sharing it beyond its owner) needs the Publisher "
                    + "role");
        }
        layer.share(level, catalog.groupsToShareWith(access, layer, groupIds), clock.instant());
        return details(layer, access);
    }

    public LayerDetails rename(long id, Caller caller, String title) {
        ItemAccess access = catalog.access(caller);
        LayerItem layer = manageable(id, access, "rename");
        try {
            layer.rename(title, clock.instant());
        } catch (IllegalArgumentException e) {
            throw new InvalidItemEditException(e.getMessage());
        }
        return details(layer, access);
    }

    /** A file of the layer in one format (cog, geopackage, geojson), hashed again before it is served. */
    public LayerFileOnDisk file(long id, Caller caller, String format) throws IOException {
        LayerFileOnDisk file = locate(id, caller, format);
        blobs.verify(new ContentHash(file.file().sha256()));
        return file;
    }

    /**
     * Where a file of the layer is, without hashing it again: for tiles, extents and thumbnails, which
     * read a small part of it many times (a download reads it whole once, and is verified).
     */
    public LayerFileOnDisk locate(long id, Caller caller, String format) {
        LayerDetails layer = find(id, caller).orElseThrow(() -> new LayerNotFoundException(Long.toString(id)));
        LayerDetails.LayerFile file = layer.files().stream().filter(f -> f.format().equals(format)).findFirst()
                .orElseThrow(() -> new LayerNotFoundException(id + "/data/" + format));
        return new LayerFileOnDisk(file, blobs.path(new ContentHash(file.sha256())), layer);
    }

    /**
     * Where a layer's file in one format is, for tile requests: the visibility is checked on every
     * call (sharing changes), but where the file is never changes, so it is looked up once per layer
     * and format instead of building the layer's details for each of a map's many tiles.
     *
     * @throws LayerNotFoundException when the caller may not see the layer
     * @throws WrongLayerTypeException when the layer has no file in that format (imagery vs features)
     */
    public Path tileSource(long id, Caller caller, String format) {
        LayerItem layer = visible(id, catalog.access(caller))
                .orElseThrow(() -> new LayerNotFoundException(Long.toString(id)));
        Path source = tileSources.computeIfAbsent(id + "/" + format, key -> {
            InferenceRun run = entityManager.find(InferenceRun.class, layer.runId());
            return run.outputs().stream()
                    .filter(o -> o.inputPosition() == layer.inputPosition() && o.kind() == layer.outputKind()
                            && o.format().name().toLowerCase(Locale.ROOT).equals(format))
                    .findFirst().map(o -> blobs.path(o.sha256())).orElse(null);
        });
        if (source == null) {
            throw new WrongLayerTypeException(layer, format);
        }
        return source;
    }

    /** The thumbnail drawn and stored as the layer's run finished, if it has one. */
    public Optional<Path> storedThumbnail(long id, Caller caller) {
        return visible(id, catalog.access(caller)).flatMap(LayerItem::thumbnail).map(blobs::path);
    }

    /** A layer file located on disk, with the layer it belongs to. */
    public record LayerFileOnDisk(LayerDetails.LayerFile file, Path path, LayerDetails layer) {
    }

    private Optional<LayerItem> visible(long id, ItemAccess access) {
        return Optional.ofNullable(entityManager.find(LayerItem.class, id)).filter(access::canView);
    }

    private LayerItem manageable(long id, ItemAccess access, String action) {
        LayerItem layer = visible(id, access).orElseThrow(() -> new LayerNotFoundException(Long.toString(id)));
        if (!access.canManage(layer)) {
            throw new AccessDeniedException("only the owner (" + layer.owner() + ") or an administrator may " + action
                    + " layer " + id);
        }
        return layer;
    }

    private LayerDetails details(LayerItem layer, ItemAccess access) {
        InferenceRun run = entityManager.find(InferenceRun.class, layer.runId());
        CatalogItem item = entityManager.find(CatalogItem.class, run.itemId());
        String modelTitle = item != null && access.canView(item) ? item.title() : null;
        List<LayerDetails.LayerFile> files = new ArrayList<>();
        Integer features = null;
        List<RunOutput> outputs = run.outputs();
        for (int p = 0; p < outputs.size(); p++) {
            RunOutput o = outputs.get(p);
            if (o.inputPosition() == layer.inputPosition() && o.kind() == layer.outputKind()) {
                String format = o.format().name().toLowerCase(Locale.ROOT);
                files.add(new LayerDetails.LayerFile(format, o.format().mediaType(), o.fileName(), o.sizeBytes(),
                        o.sha256().hex(), "/api/layers/" + layer.id() + "/data/" + format));
                if (o.featureCount().isPresent()) {
                    features = o.featureCount().getAsInt();
                }
            }
        }
        String api = "/api/layers/" + layer.id();
        boolean imagery = layer.type() == LayerItem.Type.IMAGERY;
        List<String> allowed = new ArrayList<>(List.of("view", "download"));
        if (access.canManage(layer)) {
            allowed.add("edit");
            if (access.canPublish(layer)) {
                allowed.add("share");
            }
        }
        return new LayerDetails(layer.id(), layer.title(), layer.type().name(),
                layer.outputKind().name().toLowerCase(Locale.ROOT), layer.owner(), layer.sharing(),
                List.copyOf(layer.groups()), layer.createdAt(), layer.modifiedAt(), run.id(),
                Tool.named(run.tool()).map(Tool::label).orElse(run.tool()),
                new LayerDetails.Model(run.itemId(), run.versionNumber(), modelTitle), inputs(run, layer), files,
                features, legend(run), api + "/thumbnail.png", imagery ? api + "/tiles/{z}/{x}/{y}.png" : null,
                api + "/extent", imagery ? null : api + "/data/geojson",
                imagery ? null : api + "/features/{z}/{x}/{y}.mvt", List.copyOf(allowed));
    }

    /** The inputs this layer came from: its raster of a collection, both dates, and any feature layer. */
    private List<LayerDetails.Input> inputs(InferenceRun run, LayerItem layer) {
        List<LayerDetails.Input> inputs = new ArrayList<>();
        List<RunInput> rasters = run.inputs().stream().filter(i -> i.role() == RunInput.Role.RASTER).toList();
        for (RunInput input : run.inputs()) {
            boolean mine = input.role() != RunInput.Role.RASTER
                    || rasters.indexOf(input) == layer.inputPosition();
            if (mine) {
                String name = input.rasterId().map(id -> entityManager.find(RasterItem.class, id))
                        .map(RasterItem::fileName)
                        .or(() -> input.featureId().map(id -> entityManager.find(FeatureItem.class, id))
                                .map(FeatureItem::fileName))
                        .orElse("(deleted)");
                inputs.add(new LayerDetails.Input(input.role().name().toLowerCase(Locale.ROOT), name,
                        input.sha256().hex()));
            }
        }
        return inputs;
    }

    private static JsonNode legend(InferenceRun run) {
        try {
            return run.summaryJson().isPresent() ? JSON.readTree(run.summaryJson().get()).path("legend") : null;
        } catch (IOException e) {
            return null;
        }
    }
}
