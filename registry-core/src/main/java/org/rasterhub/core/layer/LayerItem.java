package org.rasterhub.core.layer;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.rasterhub.core.catalog.Shareable;
import org.rasterhub.core.catalog.Sharing;
import org.rasterhub.core.run.RunOutput;
import org.rasterhub.core.storage.ContentHash;

/**
 * A result layer: what one run made from one of its inputs (a classified raster, detected objects…),
 * an item of its own that is shared like model items. Its files stay the run's outputs; the layer
 * names them by run, input position and kind, so a layer with a GeoPackage and a GeoJSON of the same
 * features is one layer in two formats.
 */
@Entity
@Table(name = "layer_item")
public class LayerItem implements Shareable {
    public static final int MAX_TITLE_LENGTH = 200;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "run_id", nullable = false)
    private long runId;

    @Column(name = "input_position", nullable = false)
    private int inputPosition;

    @Enumerated(EnumType.STRING)
    @Column(name = "output_kind", nullable = false, length = 30)
    private RunOutput.Kind outputKind;

    @Column(nullable = false, length = MAX_TITLE_LENGTH)
    private String title;

    @Column(nullable = false, length = 100)
    private String owner;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Sharing sharing = Sharing.PRIVATE;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "layer_group", joinColumns = @JoinColumn(name = "layer_id"))
    @Column(name = "group_id", nullable = false)
    private Set<Long> groups = new TreeSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** The thumbnail drawn when the run finished (feature layers), or null: drawn on request. */
    @Column(name = "thumbnail_sha256", length = 64)
    private String thumbnailSha256;

    @Column(name = "modified_at", nullable = false)
    private Instant modifiedAt;

    protected LayerItem() {
        // for JPA
    }

    public LayerItem(long runId, int inputPosition, RunOutput.Kind outputKind, String title, String owner,
                     Instant createdAt) {
        this.runId = runId;
        this.inputPosition = inputPosition;
        this.outputKind = outputKind;
        this.title = title.length() > MAX_TITLE_LENGTH ? title.substring(0, MAX_TITLE_LENGTH) : title;
        this.owner = owner;
        this.createdAt = createdAt;
        this.modifiedAt = createdAt;
    }

    /** Raster results are imagery layers; detected and classified objects are feature layers. */
    public enum Type {
        IMAGERY, FEATURES;

        public static Type of(RunOutput.Kind kind) {
            return kind.raster() ? IMAGERY : FEATURES;
        }
    }

    /** Shares the layer as {@link org.rasterhub.core.catalog.CatalogItem#share} shares items. */
    public void share(Sharing level, Collection<Long> groupIds, Instant at) {
        sharing = level;
        groups.clear();
        groups.addAll(level.keptGroups(groupIds));
        modifiedAt = at;
    }

    /** @throws IllegalArgumentException when blank or too long */
    public void rename(String newTitle, Instant at) {
        if (newTitle == null || newTitle.isBlank() || newTitle.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("title: 1 to " + MAX_TITLE_LENGTH + " characters");
        }
        title = newTitle.strip();
        modifiedAt = at;
    }

    public long id() {
        return id;
    }

    /** The stored thumbnail's blob, when one was drawn as the run finished. */
    public java.util.Optional<ContentHash> thumbnail() {
        return java.util.Optional.ofNullable(thumbnailSha256).map(ContentHash::new);
    }

    /** Records the thumbnail drawn as the run finished. */
    public void thumbnailDrawn(ContentHash hash) {
        thumbnailSha256 = hash.hex();
    }

    public long runId() {
        return runId;
    }

    public int inputPosition() {
        return inputPosition;
    }

    public RunOutput.Kind outputKind() {
        return outputKind;
    }

    public Type type() {
        return Type.of(outputKind);
    }

    public String title() {
        return title;
    }

    @Override
    public String owner() {
        return owner;
    }

    @Override
    public Sharing sharing() {
        return sharing;
    }

    @Override
    public Set<Long> groups() {
        return Collections.unmodifiableSet(new TreeSet<>(groups));
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant modifiedAt() {
        return modifiedAt;
    }
}
