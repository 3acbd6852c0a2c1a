package org.rasterhub.core.run;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import java.util.Objects;
import java.util.Optional;
import org.rasterhub.core.storage.ContentHash;

/** One input of a run, a raster or a feature layer, with the hash of the bytes the run used. */
@Embeddable
public class RunInput {

    /** What the input is to the tool. */
    public enum Role {
        /** A raster a tool runs over; several make a collection, each with its own result. */
        RASTER,
        /** Detect Change's earlier raster. */
        FROM,
        /** Detect Change's later raster. */
        TO,
        /** Classify Objects' feature layer. */
        FEATURES
    }

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Role role;

    @Column(name = "raster_id")
    private Long rasterId;

    @Column(name = "feature_id")
    private Long featureId;

    @Column(nullable = false, length = 64)
    private String sha256;

    protected RunInput() {
        // for JPA
    }

    private RunInput(Role role, Long rasterId, Long featureId, ContentHash sha256) {
        this.role = Objects.requireNonNull(role);
        this.rasterId = rasterId;
        this.featureId = featureId;
        this.sha256 = sha256.hex();
    }

    /** @throws IllegalArgumentException for {@link Role#FEATURES}, which is no raster */
    public static RunInput raster(Role role, RasterItem raster) {
        if (role == Role.FEATURES) {
            throw new IllegalArgumentException("a raster cannot be the features input");
        }
        return new RunInput(role, raster.id(), null, raster.sha256());
    }

    public static RunInput features(FeatureItem features) {
        return new RunInput(Role.FEATURES, null, features.id(), features.sha256());
    }

    public Role role() {
        return role;
    }

    public Optional<Long> rasterId() {
        return Optional.ofNullable(rasterId);
    }

    public Optional<Long> featureId() {
        return Optional.ofNullable(featureId);
    }

    public ContentHash sha256() {
        return new ContentHash(sha256);
    }
}
