package org.rasterhub.core.run;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.OptionalInt;
import org.rasterhub.core.storage.ContentHash;

/**
 * An uploaded feature layer (GeoJSON or GeoPackage), stored content-addressed; the input of Classify
 * Objects. Its facts come from GDAL/OGR at upload.
 */
@Entity
@Table(name = "feature_item")
public class FeatureItem {
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

    @Column(nullable = false, length = 20)
    private String format;

    @Column(name = "feature_count", nullable = false)
    private int featureCount;

    @Column(name = "geometry_type", nullable = false, length = 40)
    private String geometryType;

    @Column
    private Integer epsg;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected FeatureItem() {
        // for JPA
    }

    /** @param format the OGR driver that read it, "GeoJSON" or "GPKG" */
    public FeatureItem(String title, String owner, ContentHash sha256, long sizeBytes, String fileName, String format,
                       int featureCount, String geometryType, OptionalInt epsg, Instant createdAt) {
        this.title = title.length() > 200 ? title.substring(0, 200) : title;
        this.owner = owner;
        this.sha256 = sha256.hex();
        this.sizeBytes = sizeBytes;
        this.fileName = fileName;
        this.format = format;
        this.featureCount = featureCount;
        this.geometryType = geometryType.length() > 40 ? geometryType.substring(0, 40) : geometryType;
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

    public String format() {
        return format;
    }

    public int featureCount() {
        return featureCount;
    }

    public String geometryType() {
        return geometryType;
    }

    public OptionalInt epsg() {
        return epsg == null ? OptionalInt.empty() : OptionalInt.of(epsg);
    }

    public Instant createdAt() {
        return createdAt;
    }
}
