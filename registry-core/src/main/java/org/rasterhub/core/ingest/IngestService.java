package org.rasterhub.core.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import org.rasterhub.core.catalog.Catalog;
import org.rasterhub.core.catalog.CatalogItem;
import org.rasterhub.core.catalog.ItemVersion;
import org.rasterhub.core.catalog.PackageFile;
import org.rasterhub.core.emd.InvalidModelDefinitionException;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.emd.ModelDefinitionReader;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.DataFolder;

/**
 * Accepts an uploaded package: stage while hashing, inspect, check the model definition, store
 * content-addressed, register in the catalog. The one code path behind the upload form and the
 * REST API. Whatever fails, the staged file is gone and no blob or row of this upload remains.
 */
public final class IngestService {
    private static final System.Logger LOG = System.getLogger(IngestService.class.getName());
    private static final int COPY_BUFFER = 1 << 16;

    private final DataFolder dataFolder;
    private final PackageInspector inspector;
    private final ModelDefinitionReader reader;
    private final BlobStore blobs;
    private final Catalog catalog;
    private final long maxPackageBytes;

    public IngestService(DataFolder dataFolder, PackageInspector inspector, ModelDefinitionReader reader,
                         BlobStore blobs, Catalog catalog, long maxPackageBytes) {
        this.dataFolder = dataFolder;
        this.inspector = inspector;
        this.reader = reader;
        this.blobs = blobs;
        this.catalog = catalog;
        this.maxPackageBytes = maxPackageBytes;
    }

    /**
     * Ingests a package as a new catalog item titled after the file name.
     *
     * @param content   the upload; read to the end, not closed
     * @param fileName  the name the user gave the file (only its last path segment is used)
     * @param sizeHint  the announced size in bytes for progress, or -1
     * @throws PackageRejectedException when the package is refused; nothing was stored
     * @throws IOException when the data folder cannot be written; nothing was stored
     */
    public CatalogItem ingestNewItem(InputStream content, String fileName, long sizeHint, String owner,
                                     Progress progress) throws PackageRejectedException, IOException {
        String uploadName = baseName(fileName);
        Path staged = Files.createTempFile(dataFolder.tmp(), "upload-", ".part");
        try {
            ContentHash hash;
            long size;
            MessageDigest digest = ContentHash.newDigest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(staged), digest)) {
                size = copy(content, out, uploadName, sizeHint, progress);
            }
            hash = ContentHash.of(digest);
            if (size == 0) {
                throw new PackageRejectedException(RejectionReason.EMPTY_UPLOAD,
                        IngestProblem.inFile(uploadName, "the upload has no bytes"));
            }
            progress.update("checking the package", 0, -1);
            PackageContents contents = inspector.inspect(staged, uploadName);
            ModelDefinition definition = readDefinition(contents);
            List<PackageFile> files = contents.entries().stream()
                    .map(e -> new PackageFile(e.path(), e.size())).toList();
            ItemVersion.Draft draft = new ItemVersion.Draft(hash, size, uploadName, contents.emdPath(),
                    definition, files);

            progress.update("storing", size, size);
            boolean newBlob = blobs.put(staged, hash);
            try {
                CatalogItem item = catalog.registerNewItem(titleOf(uploadName), owner, draft);
                LOG.log(Level.INFO, "ingest accepted item={0} sha256={1} bytes={2} owner={3}",
                        item.id(), hash, size, owner);
                return item;
            } catch (RuntimeException e) {
                if (newBlob) {
                    blobs.delete(hash);
                }
                throw e;
            }
        } catch (PackageRejectedException e) {
            LOG.log(Level.INFO, "ingest rejected file=\"{0}\" reason={1} problems={2} first=\"{3}\"",
                    uploadName, e.reason().code(), e.problems().size(), e.problems().get(0));
            throw e;
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    private ModelDefinition readDefinition(PackageContents contents) throws PackageRejectedException {
        try {
            return reader.read(contents.emdBytes());
        } catch (InvalidModelDefinitionException e) {
            List<IngestProblem> problems = e.problems().stream()
                    .map(p -> new IngestProblem(contents.emdPath(), p.jsonPath(), p.line(), p.column(), p.message()))
                    .toList();
            throw new PackageRejectedException(RejectionReason.INVALID_MODEL_DEFINITION, problems);
        }
    }

    private long copy(InputStream in, OutputStream out, String uploadName, long sizeHint, Progress progress)
            throws IOException, PackageRejectedException {
        byte[] buffer = new byte[COPY_BUFFER];
        long total = 0;
        long reported = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > maxPackageBytes) {
                throw new PackageRejectedException(RejectionReason.TOO_LARGE, IngestProblem.inFile(uploadName,
                        "larger than the limit of " + maxPackageBytes + " bytes"));
            }
            out.write(buffer, 0, n);
            if (total - reported >= (1 << 20)) {
                progress.update("receiving", total, sizeHint);
                reported = total;
            }
        }
        return total;
    }

    /** The last segment of a path that a browser or client may send with either separator. */
    static String baseName(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            return "package.dlpk";
        }
        String name = fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
        name = name.replaceAll("\\p{Cntrl}", "").strip();
        if (name.isEmpty()) {
            return "package.dlpk";
        }
        return name.length() > 255 ? name.substring(0, 255) : name;
    }

    /** "Land_Cover.dlpk" becomes "Land_Cover": the file name, less a package extension. */
    static String titleOf(String uploadName) {
        String lower = uploadName.toLowerCase(Locale.ROOT);
        String title = uploadName;
        for (String extension : new String[] {".dlpk", ".zip"}) {
            if (lower.endsWith(extension) && uploadName.length() > extension.length()) {
                title = uploadName.substring(0, uploadName.length() - extension.length());
            }
        }
        return title.length() > CatalogItem.MAX_TITLE_LENGTH
                ? title.substring(0, CatalogItem.MAX_TITLE_LENGTH) : title;
    }
}
