package org.rasterhub.core.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import org.rasterhub.core.storage.ContentHash;

/** An uploaded raster (imagery item), stored content-addressed; its facts come from GDAL at upload. */
@Entity
@Table(name = "raster_item")
public class RasterItem {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = 200)
    private String title;

    @Column(nullable = false, length = 100)
    private String owner;

    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "file_name", nullable = false, length = 255)
    private String fileName;

    @Column(nullable = false)
    private int width;

    @Column(nullable = false)
    private int height;

    @Column(name = "band_count", nullable = false)
    private int bandCount;

    @Column
    private Integer epsg;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "source_path", length = 4000)
    private String sourcePath;

    protected RasterItem() {
        // for JPA
    }

    public RasterItem(String title, String owner, ContentHash sha256, long sizeBytes, String fileName, int width,
                      int height, int bandCount, OptionalInt epsg, Instant createdAt) {
        this.title = title.length() > 200 ? title.substring(0, 200) : title;
        this.owner = owner;
        this.sha256 = sha256.hex();
        this.sizeBytes = sizeBytes;
        this.fileName = fileName;
        this.width = width;
        this.height = height;
        this.bandCount = bandCount;
        this.epsg = epsg.isPresent() ? epsg.getAsInt() : null;
        this.createdAt = createdAt;
    }

    public long id() {
        return id;
    }

    public String title() {
        return title;
    }

    public String owner() {
        return owner;
    }

    public ContentHash sha256() {
        return new ContentHash(sha256);
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public String fileName() {
        return fileName;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int bandCount() {
        return bandCount;
    }

    public OptionalInt epsg() {
        return epsg == null ? OptionalInt.empty() : OptionalInt.of(epsg);
    }

    public Instant createdAt() {
        return createdAt;
    }

    /**
     * Where a raster registered from a server folder lives (it is read there, not copied); empty
     * for an uploaded raster, which is in the blob store under its hash.
     */
    public Optional<Path> sourcePath() {
        return Optional.ofNullable(sourcePath).map(Path::of);
    }

    /** This raster as registered from a file in a server folder rather than uploaded. */
    public RasterItem registeredAt(Path file) {
        this.sourcePath = file.toAbsolutePath().toString();
        return this;
    }
}
