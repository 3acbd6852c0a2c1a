package org.rasterhub.portal.run;

import org.rasterhub.portal.runners.RunnerCapacity;
import org.rasterhub.portal.runners.Runners;
import org.rasterhub.runner.job.EffectiveArguments;
import org.rasterhub.runner.job.Tool;
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
import java.nio.charset.StandardCharsets;
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
import org.rasterhub.core.emd.InvalidModelDefinitionException;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.run.FeatureItem;
import org.rasterhub.core.run.InferenceRun;
import org.rasterhub.core.run.RasterItem;
import org.rasterhub.core.run.RunInput;
import org.rasterhub.core.run.RunStatus;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.security.AccessDeniedException;
import org.rasterhub.portal.security.Caller;
import org.rasterhub.portal.security.Role;
import org.rasterhub.portal.security.SignedInUser;
import org.rasterhub.runner.change.ChangeMode;
import org.rasterhub.runner.classify.InputScaling;
import org.rasterhub.runner.classify.OutputReading;
import org.rasterhub.runner.classify.PixelProduct;
import org.rasterhub.runner.engine.InferenceModels;
import org.rasterhub.runner.preflight.FeatureFacts;
import org.rasterhub.runner.preflight.ModelFileVerdict;
import org.rasterhub.runner.preflight.PreflightCheck;
import org.rasterhub.runner.preflight.PreflightFinding;
import org.rasterhub.runner.preflight.RasterFacts;
import org.rasterhub.runner.raster.RasterIoException;

/**
 * Imagery and feature layer uploads, run submissions, cancel and retry. The pre-flight check runs
 * here, before anything is queued, so a run that cannot run fails now with its reasons rather than
 * later in a worker.
 */
@ApplicationScoped
@Transactional(rollbackOn = Exception.class)
public class RunService {
    /** Most rasters in one collection run. */
    public static final int MAX_COLLECTION = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @PersistenceContext(unitName = "rasterhub")
    private EntityManager entityManager;

    private final DataFolder dataFolder;
    private final BlobStore blobs;
    private final RunStore store;
    private final ModelDefinitionReader reader;
    private final PortalSettings settings;
    private final Clock clock;
    private final CatalogService catalog;

    @Inject
    public RunService(DataFolder dataFolder, BlobStore blobs, RunStore store, ModelDefinitionReader reader,
                      PortalSettings settings, Clock clock, CatalogService catalog) {
        this.dataFolder = dataFolder;
        this.blobs = blobs;
        this.store = store;
        this.reader = reader;
        this.settings = settings;
        this.clock = clock;
        this.catalog = catalog;
    }

    protected RunService() {
        this(null, null, null, null, null, null, null); // for the CDI proxy only
    }

    /** The runner processes: pre-flight judges a run against those online. */
    @Inject
    Runners runners;

    /**
     * Checks, before a byte of the file is read, that the account may add imagery or feature layers.
     *
     * @throws AccessDeniedException below Publisher
     */
    public void requireCanAddImagery(SignedInUser user, String action) {
        requirePublisher(user, action);
    }

    /** Records an imagery item whose bytes {@link ImageryUploads} checked and stored; the account is checked again. */
    public RasterDetails saveRaster(RasterItem raster, SignedInUser user) {
        requirePublisher(user, "add imagery");
        return RasterDetails.of(store.save(raster));
    }

    /** Records a feature layer whose bytes {@link ImageryUploads} checked and stored; the account is checked again. */
    public FeatureLayerDetails saveFeatures(FeatureItem features, SignedInUser user) {
        requirePublisher(user, "add feature layers");
        return FeatureLayerDetails.of(store.save(features));
    }

    /**
     * Why a version's model cannot run on this server's engines (a pickle, a Python raster function,
     * no model file), with how to fix it; empty when it can. The run form says so before anything
     * is chosen.
     */
    public Optional<String> whyModelCannotRun(ItemId itemId, int versionNumber) throws IOException {
        CatalogItem item = Optional.ofNullable(entityManager.find(CatalogItem.class, itemId.value()))
                .orElseThrow(() -> new ItemNotFoundException(itemId));
        ItemVersion version = item.version(versionNumber)
                .orElseThrow(() -> new VersionNotFoundException(itemId, Integer.toString(versionNumber)));
        Optional<PackageFile> modelFile = version.modelFileEntry();
        if (modelFile.isEmpty()) {
            return Optional.of("the model definition names no model file; a package that needs its Python raster "
                    + "function cannot run here (RasterHub never runs package code)");
        }
        ModelFileVerdict verdict = ModelFileVerdict.assess(modelFile.get().path(), blobs.path(modelFile.get().sha256()));
        return verdict.runnableHere() ? Optional.empty() : Optional.of(verdict.path() + ": " + verdict.reason());
    }

    /** Where the bytes of a raster the caller may use are (its server file, or the blob store). */
    public Optional<Path> rasterFile(long id, Caller caller) {
        return store.raster(id).filter(r -> mayUse(caller, r.owner())).map(this::location);
    }

    /** Where a raster's bytes are: its server file, or the blob store. */
    Path location(RasterItem raster) {
        return raster.sourcePath().orElseGet(() -> blobs.path(raster.sha256()));
    }

    /** Imagery, feature layers and runs are for analysis, which needs the Publisher role. */
    private static void requirePublisher(SignedInUser user, String action) {
        if (!user.role().includes(Role.PUBLISHER)) {
            throw new AccessDeniedException("only publishers and administrators may " + action + "; " + user.username()
                    + " is a " + user.role().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /**
     * Imagery, feature layers and runs belong to whoever added them: only they and administrators see
     * and use them; to everyone else they do not exist.
     */
    static boolean mayUse(Caller caller, String owner) {
        return caller.isAdministrator() || caller.is(owner);
    }

    public Optional<RasterDetails> raster(long id, Caller caller) {
        return store.raster(id).filter(r -> mayUse(caller, r.owner())).map(RasterDetails::of);
    }

    public Optional<FeatureLayerDetails> featureLayer(long id, Caller caller) {
        return store.features(id).filter(f -> mayUse(caller, f.owner())).map(FeatureLayerDetails::of);
    }

    /** The caller's imagery (administrators: everyone's), newest first. */
    public List<RasterDetails> rasters(Caller caller) {
        return entityManager.createQuery("select r from RasterItem r where :admin = true or r.owner = :me"
                        + " order by r.createdAt desc, r.id desc", RasterItem.class)
                .setParameter("admin", caller.isAdministrator()).setParameter("me", String.valueOf(caller.username()))
                .setMaxResults(200).getResultStream().map(RasterDetails::of).toList();
    }

    /** The caller's feature layers (administrators: everyone's), newest first. */
    public List<FeatureLayerDetails> featureLayers(Caller caller) {
        return entityManager.createQuery("select f from FeatureItem f where :admin = true or f.owner = :me"
                        + " order by f.createdAt desc, f.id desc", FeatureItem.class)
                .setParameter("admin", caller.isAdministrator()).setParameter("me", String.valueOf(caller.username()))
                .setMaxResults(200).getResultStream().map(FeatureLayerDetails::of).toList();
    }

    /** The caller's runs of an item (administrators: everyone's), newest first. */
    public List<RunDetails> runsOf(ItemId item, Caller caller) {
        return entityManager.createQuery("select r from InferenceRun r where r.itemId = :item"
                                + " and (:admin = true or r.owner = :me) order by r.id desc", InferenceRun.class)
                .setParameter("item", item.value()).setParameter("admin", caller.isAdministrator())
                .setParameter("me", String.valueOf(caller.username())).setMaxResults(50)
                .getResultStream().map(run -> RunDetails.of(run, List.of(), clock.instant())).toList();
    }

    public Optional<RunDetails> run(long id, Caller caller) {
        return store.run(id).filter(run -> mayUse(caller, run.owner()))
                .map(run -> RunDetails.of(run, List.of(), clock.instant()));
    }

    /**
     * Checks and records a run, queued state; the caller queues its job after commit.
     *
     * @throws PreflightFailedException when it cannot run here, with every reason
     * @throws ItemNotFoundException, VersionNotFoundException, RasterNotFoundException,
     *     FeatureLayerNotFoundException when an id names nothing
     */
    public RunDetails submit(RunSubmission submission, SignedInUser user) throws PreflightFailedException, IOException {
        return submit(submission, user, null);
    }

    private RunDetails submit(RunSubmission submission, SignedInUser user, Long retryOf)
            throws PreflightFailedException, IOException {
        ItemId itemId = submission.item();
        Caller caller = Caller.of(user);
        requirePublisher(user, "run analysis");
        CatalogItem item = Optional.ofNullable(entityManager.find(CatalogItem.class, itemId.value()))
                .filter(found -> catalog.access(caller).canView(found))
                .orElseThrow(() -> new ItemNotFoundException(itemId));
        String versionReference = submission.version();
        ItemVersion version = versionReference == null ? item.latestVersion() : item.resolve(versionReference)
                .orElseThrow(() -> new VersionNotFoundException(itemId, versionReference));
        ModelDefinition emd = definition(version);
        Optional<PackageFile> modelFile = version.modelFileEntry();
        Tool tool = submission.tool();
        RunArguments arguments = submission.arguments();

        List<PreflightFinding> findings = new ArrayList<>();
        if (!tool.runs(emd.modelType())) {
            List<Tool> fitting = Tool.forModelType(emd.modelType());
            findings.add(PreflightFinding.error("ModelType", tool.label() + " cannot run a \"" + emd.modelType()
                    + "\" model" + (fitting.isEmpty() ? "; no tool here runs that model type"
                    : "; run it with " + String.join(" or ", fitting.stream().map(Tool::label).toList()))));
        }
        List<RunInput> inputs = inputs(submission, findings);
        for (RunInput input : inputs) { // someone else's imagery does not exist for this user
            input.rasterId().filter(id -> store.raster(id).filter(r -> mayUse(caller, r.owner())).isEmpty())
                    .ifPresent(id -> {
                        throw new RasterNotFoundException(id);
                    });
            input.featureId().filter(id -> store.features(id).filter(f -> mayUse(caller, f.owner())).isEmpty())
                    .ifPresent(id -> {
                        throw new FeatureLayerNotFoundException(id);
                    });
        }
        // Judged again with today's engines: the verdict stored at upload reflects that day's.
        ModelFileVerdict verdict = modelFile.isEmpty() ? null
                : ModelFileVerdict.assess(modelFile.get().path(), blobs.path(modelFile.get().sha256()));
        RunnerCapacity capacity = RunnerCapacity.of(runners.online());
        boolean gpuPresent = capacity.gpus() > 0;
        List<RasterFacts> rasters = new ArrayList<>();
        for (RunInput input : inputs) {
            if (input.rasterId().isEmpty()) {
                continue;
            }
            RasterItem rasterItem = rasterItem(input.rasterId().get());
            String name = rasterItem.fileName();
            // Named as the user uploaded it: findings quote the file name, not the blob's hash.
            RasterFacts stored = RasterFacts.probe(location(rasterItem));
            RasterFacts facts = new RasterFacts(Path.of(name), stored.width(), stored.height(), stored.bandCount(),
                    stored.transform(), stored.crs());
            rasters.add(facts);
            for (PreflightFinding finding : new PreflightCheck(gpuPresent).check(emd, verdict, facts,
                    arguments.gpuRequested())) {
                // The tool check above replaces the raster check's own ModelType rule, which knows
                // only pixel classification; model and GPU findings are the same for every raster.
                if (finding.subject().equals("ModelType") || rasters.size() > 1 && !isAboutRaster(finding)) {
                    continue;
                }
                findings.add(finding);
            }
        }
        List<Double> extent = arguments.extent();
        if (extent != null && extent.size() == 4 && extent.stream().allMatch(v -> v != null && Double.isFinite(v))
                && extent.get(0) < extent.get(2) && extent.get(1) < extent.get(3)) {
            for (RasterFacts facts : rasters) {
                try {
                    facts.transform().pixelWindowOf(extent.get(0), extent.get(1), extent.get(2), extent.get(3),
                            facts.width(), facts.height());
                } catch (IllegalArgumentException e) {
                    findings.add(PreflightFinding.error("extent", facts.file().getFileName() + ": " + e.getMessage()));
                }
            }
        }
        if (tool == Tool.DETECT_CHANGE && rasters.size() == 2) {
            sameGrid(rasters.get(0), rasters.get(1), findings);
        }
        EffectiveArguments effective = ArgumentResolver.resolve(tool, emd, arguments, rasters.isEmpty() ? 0
                : rasters.get(0).bandCount(), verdict == null ? null : verdict.onnx(), capacity, findings);
        if (capacity.online() == 0) {
            findings.add(PreflightFinding.warning("runners", "no runner is online now: the run waits in the queue"
                    + " until one starts (see the Runners page)"));
        }
        findings.sort((a, b) -> a.severity().compareTo(b.severity()));
        if (findings.stream().anyMatch(f -> f.severity() == PreflightFinding.Severity.ERROR)) {
            throw new PreflightFailedException(findings);
        }
        InferenceRun run = store.save(new InferenceRun(user.username(), tool.apiName(), item.id().value(),
                version.number(), version.sha256(), modelFile.orElseThrow().sha256(), inputs, json(effective),
                clock.instant(), retryOf));
        return RunDetails.of(run, findings, clock.instant());
    }

    /**
     * Stops a run: a queued one at once, a running one within a second or two.
     *
     * @throws AccessDeniedException unless the user owns the run or administers the portal
     * @throws RunStateException when the run has finished
     */
    public RunDetails cancel(long runId, SignedInUser user) {
        InferenceRun run = store.run(runId).orElseThrow(() -> new RunNotFoundException(Long.toString(runId)));
        requireOwner(run, user, "cancel");
        if (run.status().finished()) {
            throw new RunStateException("run " + runId + " already " + run.status() + "; only a queued or running run"
                    + " can be cancelled");
        }
        run.requestCancel(clock.instant());
        return RunDetails.of(run, List.of(), clock.instant());
    }

    /**
     * Queues a new run with the same model version, inputs and arguments as a failed or cancelled
     * one; the pre-flight check runs again. The caller queues its job after commit.
     *
     * @throws RunStateException unless the run failed or was cancelled
     */
    public RunDetails retry(long runId, SignedInUser user) throws PreflightFailedException, IOException {
        InferenceRun run = store.run(runId).orElseThrow(() -> new RunNotFoundException(Long.toString(runId)));
        requireOwner(run, user, "retry");
        if (run.status() != RunStatus.FAILED && run.status() != RunStatus.CANCELLED) {
            throw new RunStateException("run " + runId + " is " + run.status() + "; only a failed or cancelled run"
                    + " can be retried");
        }
        EffectiveArguments was = JSON.readValue(run.argumentsJson(), EffectiveArguments.class);
        List<Long> rasters = new ArrayList<>();
        Long from = null;
        Long to = null;
        Long features = null;
        for (RunInput input : run.inputs()) {
            switch (input.role()) {
                case RASTER -> rasters.add(input.rasterId().orElseThrow());
                case FROM -> from = input.rasterId().orElseThrow();
                case TO -> to = input.rasterId().orElseThrow();
                case FEATURES -> features = input.featureId().orElseThrow();
            }
        }
        Tool tool = Tool.named(run.tool()).orElseThrow(() -> new RunStateException("run " + runId
                + " used the tool \"" + run.tool() + "\", which this RasterHub no longer has"));
        RunArguments arguments = new RunArguments(was.tileSize(), was.padding(), was.batchSize(), was.processorType(),
                was.threshold(), was.nmsOverlap(), was.excludePadDetections(), was.scoreThreshold(), was.extent(),
                was.gpuIds(), was.probabilityBands() == null ? null : true, was.probabilityBands());
        return submit(new RunSubmission(new ItemId(run.itemId()), Integer.toString(run.versionNumber()), tool, rasters,
                from, to, features, arguments), user, run.id());
    }


    private List<RunInput> inputs(RunSubmission submission, List<PreflightFinding> findings) {
        List<RunInput> inputs = new ArrayList<>();
        Tool tool = submission.tool();
        if (tool == Tool.DETECT_CHANGE) {
            Long from = submission.from();
            Long to = submission.to();
            if ((from == null || to == null) && submission.rasters().size() == 2) {
                from = submission.rasters().get(0);
                to = submission.rasters().get(1);
            }
            if (from == null || to == null) {
                findings.add(PreflightFinding.error("rasters", "Detect Change needs two rasters of one place: "
                        + "\"from\" (the earlier date) and \"to\" (the later)"));
                return inputs;
            }
            if (from.equals(to)) {
                findings.add(PreflightFinding.error("rasters", "\"from\" and \"to\" are the same raster " + from));
            }
            inputs.add(RunInput.raster(RunInput.Role.FROM, rasterItem(from)));
            inputs.add(RunInput.raster(RunInput.Role.TO, rasterItem(to)));
            return inputs;
        }
        if (submission.rasters().isEmpty()) {
            findings.add(PreflightFinding.error("rasters", tool.label() + " needs at least one raster"));
        } else if (submission.rasters().size() > MAX_COLLECTION) {
            findings.add(PreflightFinding.error("rasters", "a run takes at most " + MAX_COLLECTION + " rasters, was "
                    + submission.rasters().size()));
        } else if (submission.rasters().stream().distinct().count() < submission.rasters().size()) {
            findings.add(PreflightFinding.error("rasters", "the collection names a raster twice"));
        } else {
            for (long id : submission.rasters()) {
                inputs.add(RunInput.raster(RunInput.Role.RASTER, rasterItem(id)));
            }
        }
        if (tool == Tool.CLASSIFY_OBJECTS) {
            if (submission.features() == null) {
                findings.add(PreflightFinding.error("features", "Classify Objects needs a feature layer whose "
                        + "features it labels"));
            } else {
                FeatureItem layer = store.features(submission.features())
                        .orElseThrow(() -> new FeatureLayerNotFoundException(submission.features()));
                inputs.add(RunInput.features(layer));
            }
        } else if (submission.features() != null) {
            findings.add(PreflightFinding.error("features", tool.label() + " takes no feature layer"));
        }
        return inputs;
    }

    private RasterItem rasterItem(long id) {
        return store.raster(id).orElseThrow(() -> new RasterNotFoundException(id));
    }

    private static boolean isAboutRaster(PreflightFinding finding) {
        return finding.subject().equals("ExtractBands") || finding.subject().equals("MinCellSize");
    }

    /** Detect Change compares pixel by pixel, so both dates must share one grid. */
    private static void sameGrid(RasterFacts from, RasterFacts to, List<PreflightFinding> findings) {
        String fromName = from.file().getFileName().toString();
        List<String> differences = new ArrayList<>();
        if (from.width() != to.width() || from.height() != to.height()) {
            differences.add("size " + from.width() + " x " + from.height() + " vs " + to.width() + " x " + to.height());
        }
        if (!from.transform().equals(to.transform())) {
            differences.add("geotransform " + from.transform() + " vs " + to.transform());
        }
        if (!from.crs().epsg().equals(to.crs().epsg())) {
            differences.add("CRS " + from.crs().epsg() + " vs " + to.crs().epsg());
        }
        if (!differences.isEmpty()) {
            findings.add(PreflightFinding.error("rasters", "the two dates must cover the same grid; they differ in "
                    + String.join(", ", differences) + " (resample one onto the other first)"));
        }
        if (from.bandCount() != to.bandCount()) {
            findings.add(PreflightFinding.error("rasters", "the two dates have " + from.bandCount() + " and "
                    + to.bandCount() + " bands (" + fromName + " first)"));
        }
    }

    private static void requireOwner(InferenceRun run, SignedInUser user, String action) {
        // Another's run answers as if it did not exist, as every other run path does: no owner named.
        if (!run.owner().equals(user.username()) && !user.role().includes(Role.ADMINISTRATOR)) {
            throw new RunNotFoundException(Long.toString(run.id()));
        }
    }

    private ModelDefinition definition(ItemVersion version) throws IOException {
        try {
            return reader.read(version.emdJson().getBytes(StandardCharsets.UTF_8));
        } catch (InvalidModelDefinitionException e) {
            throw new IOException("the stored model definition of version " + version.number()
                    + " no longer reads: " + e.getMessage(), e);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
