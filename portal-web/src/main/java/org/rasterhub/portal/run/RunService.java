package org.rasterhub.portal.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.catalog.PackageFile;
import org.rasterhub.core.catalog.VersionNotFoundException;
import org.rasterhub.core.emd.ExtractBand;
import org.rasterhub.core.emd.InvalidModelDefinitionException;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RasterItem;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.security.SignedInUser;
import org.rasterhub.runner.preflight.ModelFileVerdict;
import org.rasterhub.runner.preflight.PreflightCheck;
import org.rasterhub.runner.preflight.PreflightFinding;
import org.rasterhub.runner.preflight.RasterFacts;
import org.rasterhub.runner.raster.RasterIoException;

/**
 * Imagery uploads and run submissions: the pre-flight check runs here, before anything is queued,
 * so a run that cannot run fails now with its reasons rather than later in a worker.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class RunService {
    public static final String CLASSIFY_PIXELS = "classify_pixels";
    private static final ObjectMapper JSON = new ObjectMapper();

    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final DataFolder dataFolder;
    private final BlobStore blobs;
    private final RunStore store;
    private final ModelDefinitionReader reader;
    private final PortalSettings settings;
    private final Clock clock;

    @Inject
    public RunService(DataFolder dataFolder, BlobStore blobs, RunStore store, ModelDefinitionReader reader,
                      PortalSettings settings, Clock clock) {
        this.dataFolder = dataFolder;
        this.blobs = blobs;
        this.store = store;
        this.reader = reader;
        this.settings = settings;
        this.clock = clock;
    }

    protected RunService() {
        this(null, null, null, null, null, null); // for the CDI proxy only
    }

    /**
     * Stores an uploaded raster as an imagery item after GDAL has read its header.
     *
     * @throws NotARasterException when GDAL cannot read it; nothing was stored
     */
    public RasterDetails uploadRaster(InputStream content, String fileName, SignedInUser user)
            throws IOException, NotARasterException {
        String name = fileName == null || fileName.isBlank() ? "raster.tif"
                : fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        Path staged = Files.createTempFile(dataFolder.tmp(), "raster-", ".part");
        try {
            MessageDigest digest = ContentHash.newDigest();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(staged), digest)) {
                size = copyCapped(content, out, name);
            }
            ContentHash hash = ContentHash.of(digest);
            RasterFacts facts;
            try {
                facts = RasterFacts.probe(staged);
            } catch (RasterIoException e) {
                throw new NotARasterException(name, e.getMessage().replace(staged.toString(), name));
            }
            blobs.put(staged, hash);
            String title = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            return RasterDetails.of(store.save(new RasterItem(title, user.username(), hash, size, name,
                    facts.width(), facts.height(), facts.bandCount(), facts.crs().epsg(), clock.instant())));
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    public Optional<RasterDetails> raster(long id) {
        return store.raster(id).map(RasterDetails::of);
    }

    /** Imagery items, newest first. */
    public List<RasterDetails> rasters() {
        return entityManager.createQuery("select r from RasterItem r order by r.createdAt desc, r.id desc",
                RasterItem.class).setMaxResults(200).getResultStream().map(RasterDetails::of).toList();
    }

    /** Runs of an item, newest first. */
    public List<RunDetails> runsOf(ItemId item) {
        return entityManager.createQuery("select r from InferenceRun r where r.itemId = :item order by r.id desc",
                        InferenceRun.class).setParameter("item", item.value()).setMaxResults(50)
                .getResultStream().map(run -> RunDetails.of(run, List.of())).toList();
    }

    public Optional<RunDetails> run(long id) {
        return store.run(id).map(run -> RunDetails.of(run, List.of()));
    }

    /**
     * Checks and records a Classify Pixels run, queued state; the caller queues its job after commit.
     *
     * @param versionReference a version number or alias; null for the latest version
     * @throws PreflightFailedException when it cannot run here, with every reason
     */
    public RunDetails submitClassifyPixels(ItemId itemId, String versionReference, long rasterId,
                                           RunArguments arguments, SignedInUser user)
            throws PreflightFailedException, IOException {
        CatalogItem item = Optional.ofNullable(entityManager.find(CatalogItem.class, itemId.value()))
                .orElseThrow(() -> new ItemNotFoundException(itemId));
        ItemVersion version = versionReference == null ? item.latestVersion() : item.resolve(versionReference)
                .orElseThrow(() -> new VersionNotFoundException(itemId, versionReference));
        RasterItem raster = store.raster(rasterId).orElseThrow(() -> new RasterNotFoundException(rasterId));
        ModelDefinition emd = definition(version);
        Optional<PackageFile> modelFile = version.modelFileEntry();
        RasterFacts facts = RasterFacts.probe(blobs.path(raster.sha256()));

        List<PreflightFinding> findings = new ArrayList<>(new PreflightCheck(false).check(emd,
                modelFile.map(f -> new ModelFileVerdict(f.path(), f.runnableHere(),
                        f.assessment().orElse("not assessed at upload"))).orElse(null),
                facts, arguments.gpuRequested()));
        int tileSize = arguments.tileSize() != null ? arguments.tileSize() : emd.imageHeight().orElse(256);
        int padding = arguments.padding() != null ? arguments.padding() : tileSize / 4;
        int batchSize = arguments.batchSize() != null ? arguments.batchSize() : batchSizeOf(emd);
        if (padding < 0 || 2 * padding >= tileSize) {
            findings.add(0, new PreflightFinding(PreflightFinding.Severity.ERROR, "padding", "padding must be 0 to "
                    + (tileSize - 1) / 2 + " pixels for tiles of " + tileSize + ", was " + padding));
        }
        if (batchSize < 1 || batchSize > 64) {
            findings.add(0, new PreflightFinding(PreflightFinding.Severity.ERROR, "batchSize",
                    "batch size must be 1 to 64, was " + batchSize));
        }
        if (findings.stream().anyMatch(f -> f.severity() == PreflightFinding.Severity.ERROR)) {
            throw new PreflightFailedException(findings);
        }
        List<Integer> bands = emd.extractBands().isEmpty()
                ? defaultBands(facts.bandCount())
                : emd.extractBands().stream().map(b -> ((ExtractBand.Index) b).value()).toList();
        String effective = json(new EffectiveArguments(tileSize, padding, batchSize, "CPU", bands));
        InferenceRun run = store.save(new InferenceRun(user.username(), CLASSIFY_PIXELS, item.id().value(),
                version.number(), version.sha256(), modelFile.orElseThrow().sha256(), raster.id(), raster.sha256(),
                effective, clock.instant()));
        return RunDetails.of(run, findings);
    }

    /** What the job needs, read when it starts. */
    RunPlan plan(long runId) throws IOException {
        InferenceRun run = store.run(runId).orElseThrow(() -> new IllegalStateException("run " + runId + " is gone"));
        CatalogItem item = entityManager.find(CatalogItem.class, run.itemId());
        ItemVersion version = item.version(run.versionNumber()).orElseThrow();
        EffectiveArguments arguments = JSON.readValue(run.argumentsJson(), EffectiveArguments.class);
        return new RunPlan(runId, run.modelSha256(), run.rasterSha256(), arguments.extractBands(),
                definition(version).classes(), arguments.tileSize(), arguments.padding(), arguments.batchSize());
    }

    /** The arguments a run was queued with, defaults resolved: recorded on the run as JSON. */
    record EffectiveArguments(int tileSize, int padding, int batchSize, String processorType,
                              List<Integer> extractBands) {
    }

    private ModelDefinition definition(ItemVersion version) throws IOException {
        try {
            return reader.read(version.emdJson().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (InvalidModelDefinitionException e) {
            throw new IOException("the stored model definition of version " + version.number()
                    + " no longer reads: " + e.getMessage(), e);
        }
    }

    private static int batchSizeOf(ModelDefinition emd) {
        var batch = emd.document().get("BatchSize");
        return batch != null && batch.canConvertToInt() ? batch.asInt() : 1;
    }

    private static List<Integer> defaultBands(int bandCount) {
        List<Integer> bands = new ArrayList<>();
        for (int i = 0; i < Math.min(3, bandCount); i++) {
            bands.add(i);
        }
        return bands;
    }

    private long copyCapped(InputStream in, OutputStream out, String name) throws IOException, NotARasterException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > settings.maxPackageBytes()) {
                throw new NotARasterException(name, "larger than the limit of " + settings.maxPackageBytes() + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
