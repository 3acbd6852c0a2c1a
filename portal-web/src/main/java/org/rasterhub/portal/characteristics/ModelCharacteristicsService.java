package org.rasterhub.portal.characteristics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.rasterhub.core.catalog.ItemId;
import org.rasterhub.core.catalog.ItemNotFoundException;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.CorruptBlobException;
import org.rasterhub.portal.catalog.CatalogService;
import org.rasterhub.portal.catalog.FileInfo;
import org.rasterhub.portal.catalog.ItemDetails;
import org.rasterhub.portal.security.Caller;

/**
 * The model characteristics of a version, for the item page and the REST API. Who may see them is
 * decided by {@link CatalogService#find(ItemId, String, Caller)}: an item the caller may not view
 * does not exist for them. Each file is read from the blob store, where ingest put every member of
 * the package under its SHA-256.
 */
@ApplicationScoped
public class ModelCharacteristicsService {
    private static final System.Logger LOG = System.getLogger(ModelCharacteristicsService.class.getName());
    static final String FOLDER = "modelcharacteristics";

    private final CatalogService catalog;
    private final BlobStore blobs;

    @Inject
    public ModelCharacteristicsService(CatalogService catalog, BlobStore blobs) {
        this.catalog = catalog;
        this.blobs = blobs;
    }

    protected ModelCharacteristicsService() {
        this(null, null); // for the CDI proxy only
    }

    /**
     * The images, metrics and per-class tables of a version, named by number or alias.
     *
     * @throws ItemNotFoundException when there is no such item the caller may view
     * @throws org.rasterhub.core.catalog.VersionNotFoundException when the item has no such version
     */
    public ModelCharacteristics of(ItemId id, String versionReference, Caller caller) {
        return of(catalog.find(id, versionReference, caller));
    }

    /** The characteristics of the version an item page already shows. */
    public ModelCharacteristics of(ItemDetails item) {
        List<CharacteristicImage> images = new ArrayList<>();
        List<Metric> metrics = new ArrayList<>();
        List<MetricsTable> tables = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (FileInfo file : images(item)) {
            images.add(new CharacteristicImage(images.size(), file.path(), mediaTypeByName(file.path()), file.size(),
                    file.sha256(), "/api/items/" + item.id() + "/versions/" + item.version()
                    + "/characteristics/images/" + images.size()));
        }
        List<MetricsFound> found = new ArrayList<>();
        for (FileInfo file : item.files()) {
            if (isMetricsPage(file.path())) {
                found.add(readMetrics(item, file));
            }
        }
        found.add(EmdMetrics.read(item.emdPath(), item.emd()));
        for (MetricsFound each : found) {
            metrics.addAll(each.metrics());
            tables.addAll(each.tables());
            notes.addAll(each.notes());
        }
        return new ModelCharacteristics(item.id(), item.version(), images, metrics, tables, notes);
    }

    /**
     * One image of a version's {@code ModelCharacteristics/}, by its index in {@link #of}'s list,
     * served only once it decoded as a PNG or JPEG.
     *
     * @return empty when the version has no image of that index
     * @throws ItemNotFoundException  when there is no such item the caller may view
     * @throws ImageRefusedException  when the file is not a PNG or JPEG within the limits
     * @throws CorruptBlobException   when the stored bytes no longer match their hash
     */
    public Optional<CheckedImages.Image> image(ItemId id, String versionReference, int index, Caller caller)
            throws IOException {
        ItemDetails item = catalog.find(id, versionReference, caller);
        List<FileInfo> images = images(item);
        if (index < 0 || index >= images.size()) {
            return Optional.empty();
        }
        FileInfo file = images.get(index);
        if (file.size() > CheckedImages.MAX_BYTES) {
            throw new ImageRefusedException(file.path(), "image_too_large", "at most "
                    + CheckedImages.MAX_BYTES / (1024 * 1024) + " MiB, is " + file.size() + " bytes");
        }
        return Optional.of(CheckedImages.check(file.path(), readVerified(file, CheckedImages.MAX_BYTES)));
    }

    /** The version's image files in {@code ModelCharacteristics/}, in package order. */
    static List<FileInfo> images(ItemDetails item) {
        return item.files().stream().filter(f -> inCharacteristicsFolder(f.path()) && hasImageName(f.path())).toList();
    }

    static boolean inCharacteristicsFolder(String path) {
        String[] segments = path.split("/");
        for (int i = 0; i < segments.length - 1; i++) {
            if (segments[i].toLowerCase(Locale.ROOT).equals(FOLDER)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasImageName(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        return lower.endsWith(".png") || lower.endsWith(".jpg") || lower.endsWith(".jpeg");
    }

    /** arcgis.learn's {@code model_metrics.html} anywhere, and {@code metrics.html} in ModelCharacteristics. */
    static boolean isMetricsPage(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return name.equals("model_metrics.html") || name.equals("metrics.html") && inCharacteristicsFolder(path);
    }

    private static String mediaTypeByName(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".png") ? "image/png" : "image/jpeg";
    }

    private MetricsFound readMetrics(ItemDetails item, FileInfo file) {
        try {
            byte[] bytes;
            List<String> notes = new ArrayList<>();
            if (file.size() > MetricsHtml.MAX_BYTES) {
                try (InputStream in = blobs.open(new ContentHash(file.sha256()))) {
                    bytes = in.readNBytes(MetricsHtml.MAX_BYTES);
                }
                notes.add(file.path() + ": only its first " + MetricsHtml.MAX_BYTES / 1024 + " KiB were read");
            } else {
                bytes = readVerified(file, MetricsHtml.MAX_BYTES);
            }
            MetricsFound found = MetricsHtml.parse(file.path(), text(bytes));
            notes.addAll(found.notes());
            return new MetricsFound(found.metrics(), found.tables(), notes);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "metrics not read item=" + item.id() + " version=" + item.version()
                    + " file=" + file.path() + ": " + e.getMessage());
            return new MetricsFound(List.of(), List.of(), List.of(file.path() + ": could not be read ("
                    + (e instanceof CorruptBlobException ? "damaged on disk" : "missing from the store") + ")"));
        }
    }

    /**
     * Reads a stored file whole and checks it against its SHA-256 before anything uses it; a file
     * grown past {@code limit} on disk is read no further and fails the check.
     */
    private byte[] readVerified(FileInfo file, int limit) throws IOException {
        ContentHash expected = new ContentHash(file.sha256());
        byte[] bytes;
        try (InputStream in = blobs.open(expected)) {
            bytes = in.readNBytes(limit + 1);
        }
        MessageDigest digest = ContentHash.newDigest();
        digest.update(bytes);
        ContentHash actual = ContentHash.of(digest);
        if (!actual.equals(expected)) {
            throw new CorruptBlobException(expected, actual);
        }
        return bytes;
    }

    /** UTF-8 (what arcgis.learn writes), a byte-order mark dropped, malformed bytes replaced. */
    private static String text(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
