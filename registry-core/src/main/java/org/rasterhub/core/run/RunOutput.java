package org.rasterhub.core.run;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.util.Objects;
import java.util.OptionalInt;
import org.rasterhub.core.storage.ContentHash;

/** One file a run produced, stored content-addressed. */
@Embeddable
public class RunOutput {

    /**
     * What the file holds: class rasters (Byte, colour table), Classify Pixels' Float32 rasters of
     * class probabilities or a regression model's values, or features.
     */
    public enum Kind {
        CLASSIFIED_RASTER, CHANGE_RASTER, DETECTED_OBJECTS, CLASSIFIED_OBJECTS, PROBABILITY_RASTER, VALUE_RASTER;

        /** Whether the file is a raster (a COG), drawn as tiles. */
        public boolean raster() {
            return this == CLASSIFIED_RASTER || this == CHANGE_RASTER || this == PROBABILITY_RASTER
                || this == VALUE_RASTER;
        }
    }

    /** How the file is written, with the media type and file extension it is served with. */
    public enum Format {
        COG("image/tiff; application=geotiff; profile=cloud-optimized", "tif"),
        GEOPACKAGE("application/geopackage+sqlite3", "gpkg"),
        GEOJSON("application/geo+json", "geojson");

        private final String mediaType;
        private final String extension;

        Format(String mediaType, String extension) {
            this.mediaType = mediaType;
            this.extension = extension;
        }

        public String mediaType() {
            return mediaType;
        }

        public String extension() {
            return extension;
        }
    }

    @Column(name = "input_position", nullable = false)
    private int inputPosition;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 30)
    private Kind kind;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Format format;

    @Column(name = "file_name", nullable = false, length = 255)
    private String fileName;

    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "feature_count")
    private Integer featureCount;

    protected RunOutput() {
        // for JPA
    }

    /**
     * @param inputPosition which input (of a collection) the output came from, from 0
     * @param featureCount  features written, or null for a raster
     */
    public RunOutput(int inputPosition, Kind kind, Format format, String fileName, ContentHash sha256, long sizeBytes,
                     Integer featureCount) {
        this.inputPosition = inputPosition;
        this.kind = Objects.requireNonNull(kind);
        this.format = Objects.requireNonNull(format);
        this.fileName = Objects.requireNonNull(fileName);
        this.sha256 = sha256.hex();
        this.sizeBytes = sizeBytes;
        this.featureCount = featureCount;
    }

    public int inputPosition() {
        return inputPosition;
    }

    public Kind kind() {
        return kind;
    }

    public Format format() {
        return format;
    }

    public String fileName() {
        return fileName;
    }

    public ContentHash sha256() {
        return new ContentHash(sha256);
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public OptionalInt featureCount() {
        return featureCount == null ? OptionalInt.empty() : OptionalInt.of(featureCount);
    }
}
