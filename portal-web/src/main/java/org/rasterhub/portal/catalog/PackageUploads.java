package org.rasterhub.portal.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.codescan.PackageFileScanner;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.ingest.IngestService;
import org.rasterhub.core.ingest.PackageInspector;
import org.rasterhub.core.ingest.PackageRejectedException;
import org.rasterhub.core.ingest.Progress;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.security.SignedInUser;
import org.rasterhub.runner.contract.DeepnessDefinition;
import org.rasterhub.runner.preflight.UploadContractJudge;

/**
 * Package uploads in three steps, so that a slow transfer holds no database connection: the account
 * is authorised before a byte is read (a short transaction), the package is received, hashed and
 * checked into {@code tmp/} with no transaction at all, and it is registered in a second short
 * transaction that authorises again. The browser's upload form and the REST API both come here.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class PackageUploads {
    private final CatalogService catalog;
    private final IngestService stager;
    private final DataFolder dataFolder;
    private final long maxBytes;

    @Inject
    public PackageUploads(CatalogService catalog, DataFolder dataFolder, BlobStore blobs, PackageInspector inspector,
                          ModelDefinitionReader reader, PackageFileScanner scanner, PortalSettings settings) {
        this.catalog = catalog;
        this.dataFolder = dataFolder;
        this.maxBytes = settings == null ? 0 : settings.maxPackageBytes();
        // Built without a catalog: it only stages, and never touches the database.
        this.stager = dataFolder == null ? null
                : new IngestService(dataFolder, inspector, reader, scanner, blobs, null, settings.maxPackageBytes())
                        .withContractJudge(new UploadContractJudge());
    }

    protected PackageUploads() {
        this(null, null, null, null, null, null, null); // for the CDI proxy only
    }

    /**
     * A new, private item of {@code owner} from an uploaded package.
     *
     * @throws org.rasterhub.portal.security.AccessDeniedException for viewers, before the upload is read
     * @throws PackageRejectedException when the package is refused; nothing was kept
     */
    public ItemDetails newItem(InputStream content, String fileName, long sizeHint, SignedInUser owner,
                               Progress progress) throws PackageRejectedException, IOException {
        catalog.requireCanUpload(owner);
        if (OnnxPackages.isBareModel(fileName)) {
            return newItemFromModel(content, fileName, owner, progress);
        }
        try (IngestService.StagedPackage staged = stager.stage(content, fileName, sizeHint, progress)) {
            progress.update("storing", staged.draft().sizeBytes(), staged.draft().sizeBytes());
            return catalog.registerNewItem(staged, owner);
        }
    }

    /**
     * An uploaded bare {@code .onnx} kept in {@code tmp/} with the definition generated for it, until the
     * user confirms (perhaps edited) or drops it. Close it to delete the file.
     */
    public record HeldModel(Path folder, Path model, String fileName, DeepnessDefinition.Generated generated)
            implements AutoCloseable {
        @Override
        public void close() throws IOException {
            DataFolder.deleteTree(folder);
        }
    }

    /**
     * Receives a bare {@code .onnx} and generates its definition from its Deepness metadata; nothing is
     * registered. The caller closes the result.
     *
     * @throws PackageRejectedException {@code no_model_metadata} when the model does not say enough;
     *     nothing is kept
     */
    public HeldModel holdModel(InputStream content, String fileName, SignedInUser user)
            throws PackageRejectedException, IOException {
        catalog.requireCanUpload(user);
        String name = baseName(fileName);
        Path work = Files.createTempDirectory(dataFolder.tmp(), "onnx-");
        try {
            Path model = work.resolve("model.onnx");
            OnnxPackages.spool(content, model, name, maxBytes);
            return new HeldModel(work, model, name, OnnxPackages.definition(model, name));
        } catch (PackageRejectedException | IOException | RuntimeException e) {
            DataFolder.deleteTree(work);
            throw e;
        }
    }

    /** The definition an uploaded {@code .onnx} would get; nothing is stored. */
    public DeepnessDefinition.Generated definitionFor(InputStream content, String fileName, SignedInUser user)
            throws PackageRejectedException, IOException {
        try (HeldModel held = holdModel(content, fileName, user)) {
            return held.generated();
        }
    }

    /**
     * A new item from a bare {@code .onnx} packaged with its generated definition, ingested as any
     * package (the definition validated, the model judged).
     */
    public ItemDetails newItemFromModel(InputStream content, String fileName, SignedInUser owner, Progress progress)
            throws PackageRejectedException, IOException {
        try (HeldModel held = holdModel(content, fileName, owner)) {
            return newItem(held, held.generated().json(), owner, progress);
        }
    }

    /**
     * A new item from a held model and the definition the user confirmed ({@code emdJson}, perhaps
     * edited); refused like any package when the definition is invalid.
     */
    public ItemDetails newItem(HeldModel held, String emdJson, SignedInUser owner, Progress progress)
            throws PackageRejectedException, IOException {
        catalog.requireCanUpload(owner);
        return registerHeld(held, emdJson, progress, staged -> catalog.registerNewItem(staged, owner));
    }

    /** What becomes of a staged package: a new item, or the next version of one. */
    @FunctionalInterface
    private interface Registration {
        ItemDetails register(IngestService.StagedPackage staged) throws IOException;
    }

    // A held model packaged with its definition, then through the same checks as any upload.
    private ItemDetails registerHeld(HeldModel held, String emdJson, Progress progress, Registration registration)
            throws PackageRejectedException, IOException {
        Path dlpk = held.folder().resolve("package.dlpk");
        OnnxPackages.writePackage(held.model(), held.fileName(), emdJson, dlpk);
        try {
            return registerPackage(dlpk, held.fileName().replaceFirst("(?i)\\.onnx$", "") + ".dlpk", progress,
                    registration);
        } finally {
            Files.deleteIfExists(dlpk);
        }
    }

    /**
     * A new item from a STAC Item with the MLM extension and its model file: a package (.dlpk, .zip) is
     * ingested as it is; a bare {@code .onnx} is packaged with the definition the item describes
     * ({@link StacMlm#definition}). The file must be the one the item's {@code mlm:model} asset
     * declares by its {@code file:checksum}, when it declares one.
     *
     * @throws PackageRejectedException {@code stac_mismatch} when the checksum differs or the item
     *     does not describe a model RasterHub can run; nothing is kept
     */
    public ItemDetails newItemFromStac(JsonNode stac, InputStream content, String fileName, SignedInUser owner,
                                       Progress progress) throws PackageRejectedException, IOException {
        catalog.requireCanUpload(owner);
        String name = baseName(fileName);
        Path work = Files.createTempDirectory(dataFolder.tmp(), "stac-");
        try {
            Path file = work.resolve("asset");
            OnnxPackages.spool(content, file, name, maxBytes);
            String sha256 = org.rasterhub.core.storage.ContentHash.ofFile(file).hex();
            java.util.Optional<String> declared = StacMlm.modelSha256(stac);
            if (declared.isPresent() && !declared.get().equals(sha256)) {
                throw stacMismatch(name, "its SHA-256 is " + sha256 + " but the STAC item's mlm:model asset declares "
                        + declared.get() + " (file:checksum); send the file the item describes");
            }
            Path dlpk = file;
            String packageName = name;
            if (OnnxPackages.isBareModel(name)) {
                String emd;
                try {
                    emd = StacMlm.definition(stac, name).toPrettyString();
                } catch (IllegalArgumentException e) {
                    throw stacMismatch(name, e.getMessage());
                }
                dlpk = work.resolve("package.dlpk");
                OnnxPackages.writePackage(file, name, emd, dlpk);
                packageName = name.replaceFirst("(?i)\\.onnx$", "") + ".dlpk";
            }
            return registerPackage(dlpk, packageName, progress, staged -> catalog.registerNewItem(staged, owner));
        } finally {
            DataFolder.deleteTree(work);
        }
    }

    // A package this class wrote (or received) under tmp/, through the same checks as any upload.
    private ItemDetails registerPackage(Path dlpk, String packageName, Progress progress, Registration registration)
            throws PackageRejectedException, IOException {
        try (InputStream packaged = Files.newInputStream(dlpk);
             IngestService.StagedPackage staged = stager.stage(packaged, packageName, Files.size(dlpk), progress)) {
            progress.update("storing", staged.draft().sizeBytes(), staged.draft().sizeBytes());
            return registration.register(staged);
        }
    }

    private static PackageRejectedException stacMismatch(String file, String message) {
        return new PackageRejectedException(org.rasterhub.core.ingest.RejectionReason.STAC_MISMATCH,
                org.rasterhub.core.ingest.IngestProblem.inFile(file, message));
    }

    private static String baseName(String fileName) {
        String name = fileName == null ? "model.onnx" : fileName.replaceAll(".*[/\\\\]", "").strip();
        return name.isEmpty() ? "model.onnx" : name;
    }

    /**
     * The next version of an item from an uploaded package.
     *
     * @throws org.rasterhub.core.catalog.ItemNotFoundException if there is no such item the user may see
     * @throws org.rasterhub.portal.security.AccessDeniedException unless the user manages the item,
     *     before the upload is read
     * @throws PackageRejectedException when the package is refused; nothing was kept
     */
    public ItemDetails newVersion(ItemId id, InputStream content, String fileName, long sizeHint, SignedInUser user,
                                  Progress progress) throws PackageRejectedException, IOException {
        catalog.requireCanAddVersion(id, user);
        if (OnnxPackages.isBareModel(fileName)) {
            // A retrained Deepness model: packaged with the definition its metadata gives, as a new item would be.
            try (HeldModel held = holdModel(content, fileName, user)) {
                return registerHeld(held, held.generated().json(), progress,
                        staged -> catalog.registerNewVersion(id, staged, user));
            }
        }
        try (IngestService.StagedPackage staged = stager.stage(content, fileName, sizeHint, progress)) {
            progress.update("storing", staged.draft().sizeBytes(), staged.draft().sizeBytes());
            return catalog.registerNewVersion(id, staged, user);
        }
    }
}
