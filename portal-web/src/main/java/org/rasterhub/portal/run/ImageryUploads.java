package org.rasterhub.portal.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import org.rasterhub.core.run.FeatureItem;
import org.rasterhub.core.run.RasterItem;
import org.rasterhub.core.storage.BlobStore;
import org.rasterhub.core.storage.ContentHash;
import org.rasterhub.core.storage.DataFolder;
import org.rasterhub.portal.config.PortalSettings;
import org.rasterhub.portal.security.SignedInUser;
import org.rasterhub.runner.preflight.FeatureFacts;
import org.rasterhub.runner.preflight.RasterFacts;
import org.rasterhub.runner.raster.RasterIoException;

/**
 * Imagery and feature layers added by upload or from a server folder. The slow parts (receiving,
 * hashing, GDAL reading the header) run with no transaction, so a slow upload or a large server file
 * holds no database connection; {@link RunService} then records the item in a short transaction that
 * checks the account again. Files reach GDAL only through its allow-list (see {@code GdalGate}).
 */
@ApplicationScoped
@Transactional(Transactional.TxType.NOT_SUPPORTED)
public class ImageryUploads {
    private final RunService runs;
    private final DataFolder dataFolder;
    private final BlobStore blobs;
    private final PortalSettings settings;
    private final Clock clock;

    @Inject
    public ImageryUploads(RunService runs, DataFolder dataFolder, BlobStore blobs, PortalSettings settings,
                          Clock clock) {
        this.runs = runs;
        this.dataFolder = dataFolder;
        this.blobs = blobs;
        this.settings = settings;
        this.clock = clock;
    }

    protected ImageryUploads() {
        this(null, null, null, null, null); // for the CDI proxy only
    }

    /** The most bytes an uploaded raster or feature layer may have. */
    public long maxBytes() {
        return settings.maxPackageBytes();
    }

    /**
     * Stores an uploaded raster as an imagery item after GDAL has read its header.
     *
     * @throws NotARasterException when GDAL cannot or may not read it; nothing was stored
     */
    public RasterDetails uploadRaster(InputStream content, String fileName, SignedInUser user)
            throws IOException, NotARasterException {
        runs.requireCanAddImagery(user, "add imagery");
        String name = baseName(fileName, "raster.tif");
        Path staged = Files.createTempFile(dataFolder.tmp(), "raster-", ".part");
        try {
            Staged upload = stage(content, staged, name);
            RasterFacts facts;
            try {
                facts = RasterFacts.probe(staged);
            } catch (RasterIoException e) {
                throw NotARasterException.of(name, staged, e);
            }
            blobs.put(staged, upload.hash());
            return runs.saveRaster(new RasterItem(title(name), user.username(), upload.hash(), upload.size(), name,
                    facts.width(), facts.height(), facts.bandCount(), facts.crs().epsg(), clock.instant()), user);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Stores an uploaded GeoJSON or GeoPackage as a feature layer after OGR has read it.
     *
     * @throws NotAFeatureLayerException when OGR cannot or may not read it as one; nothing was stored
     */
    public FeatureLayerDetails uploadFeatures(InputStream content, String fileName, SignedInUser user)
            throws IOException, NotAFeatureLayerException {
        runs.requireCanAddImagery(user, "add feature layers");
        String name = baseName(fileName, "features.geojson");
        // OGR picks its GeoJSON or GeoPackage driver by content, but wants a known extension for JSON.
        String extension = name.toLowerCase(java.util.Locale.ROOT).endsWith(".gpkg") ? ".gpkg" : ".geojson";
        Path staged = Files.createTempFile(dataFolder.tmp(), "features-", extension);
        try {
            Staged upload = stage(content, staged, name);
            FeatureFacts facts;
            try {
                facts = FeatureFacts.probe(staged);
            } catch (RasterIoException e) {
                throw new NotAFeatureLayerException(name, e.reason().replace(staged.toString(), name));
            }
            blobs.put(staged, upload.hash());
            return runs.saveFeatures(new FeatureItem(title(name), user.username(), upload.hash(), upload.size(), name,
                    facts.driver(), facts.featureCount(), facts.geometryType(), facts.epsg(), clock.instant()), user);
        } finally {
            Files.deleteIfExists(staged);
        }
    }

    /**
     * Registers a raster that lies in a server folder an administrator opened, without copying it:
     * GDAL reads its header, its bytes are hashed (outside any transaction: the file may be large), and
     * runs read it where it is (hashing it again first, so a file changed since is noticed).
     *
     * @throws ServerFileException when the folder or file cannot be named
     * @throws NotARasterException when GDAL cannot or may not read it
     */
    public RasterDetails registerServerRaster(String folder, String path, SignedInUser user)
            throws IOException, ServerFileException, NotARasterException {
        runs.requireCanAddImagery(user, "add imagery");
        Path file = settings.imageryFolders().resolve(folder, path);
        RasterFacts facts;
        try {
            facts = RasterFacts.probe(file);
        } catch (RasterIoException e) {
            throw NotARasterException.of(folder + "/" + path, file, e);
        }
        String name = file.getFileName().toString();
        RasterItem raster = new RasterItem(title(name), user.username(), ContentHash.ofFile(file), Files.size(file),
                name, facts.width(), facts.height(), facts.bandCount(), facts.crs().epsg(), clock.instant());
        return runs.saveRaster(raster.registeredAt(file), user);
    }

    private record Staged(ContentHash hash, long size) {
    }

    private Staged stage(InputStream content, Path staged, String name) throws IOException {
        MessageDigest digest = ContentHash.newDigest();
        long size;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(staged), digest)) {
            size = copyCapped(content, out, name);
        }
        return new Staged(ContentHash.of(digest), size);
    }

    private long copyCapped(InputStream in, OutputStream out, String name) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            total += n;
            if (total > settings.maxPackageBytes()) {
                throw new UploadTooLargeException(name, settings.maxPackageBytes());
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    private static String baseName(String fileName, String fallback) {
        return fileName == null || fileName.isBlank() ? fallback
                : fileName.substring(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
    }

    private static String title(String name) {
        return name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    }
}
