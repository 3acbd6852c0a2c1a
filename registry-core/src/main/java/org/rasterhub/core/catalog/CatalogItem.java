package org.rasterhub.core.catalog;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An entry in the catalog: a named model with its versions. */
@Entity
@Table(name = "catalog_item")
public class CatalogItem {
    public static final int MAX_TITLE_LENGTH = 200;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, length = MAX_TITLE_LENGTH)
    private String title;

    @Column(nullable = false, length = 100)
    private String owner;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "modified_at", nullable = false)
    private Instant modifiedAt;

    @OneToMany(mappedBy = "item", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("number")
    private List<ItemVersion> versions = new ArrayList<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "item_alias", joinColumns = @JoinColumn(name = "item_id"))
    @MapKeyColumn(name = "name", length = AliasName.MAX_LENGTH)
    @Column(name = "version_number", nullable = false)
    private Map<String, Integer> aliases = new TreeMap<>();

    protected CatalogItem() {
        // for JPA
    }

    CatalogItem(String title, String owner, Instant createdAt) {
        if (title == null || title.isBlank() || title.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("a title has 1 to " + MAX_TITLE_LENGTH + " characters: " + title);
        }
        this.title = title;
        this.owner = owner;
        this.createdAt = createdAt;
        this.modifiedAt = createdAt;
    }

    /**
     * Points {@code alias} at version {@code number}, creating or moving it.
     *
     * @throws VersionNotFoundException if the item has no such version
     */
    public void setAlias(AliasName alias, int number, Instant at) {
        version(number).orElseThrow(() -> new VersionNotFoundException(id(), Integer.toString(number)));
        aliases.put(alias.value(), number);
        modifiedAt = at;
    }

    /** @return whether the alias existed */
    public boolean removeAlias(AliasName alias, Instant at) {
        boolean removed = aliases.remove(alias.value()) != null;
        if (removed) {
            modifiedAt = at;
        }
        return removed;
    }

    /** Alias name → version number, sorted by name. */
    public Map<String, Integer> aliases() {
        return Collections.unmodifiableMap(new TreeMap<>(aliases));
    }

    public Optional<ItemVersion> version(int number) {
        return versions.stream().filter(v -> v.number() == number).findFirst();
    }

    /** The version a reference names: a number ("3") or an alias ("production"). */
    public Optional<ItemVersion> resolve(String reference) {
        if (reference.matches("\\d{1,9}")) {
            return version(Integer.parseInt(reference));
        }
        Integer number = aliases.get(reference);
        return number == null ? Optional.empty() : version(number);
    }

    ItemVersion addVersion(ItemVersion.Draft draft, Instant at) {
        ItemVersion version = new ItemVersion(this, versions.size() + 1, draft, at);
        versions.add(version);
        modifiedAt = at;
        return version;
    }

    public ItemId id() {
        return new ItemId(id);
    }

    public String title() {
        return title;
    }

    public String owner() {
        return owner;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant modifiedAt() {
        return modifiedAt;
    }

    public List<ItemVersion> versions() {
        return Collections.unmodifiableList(versions);
    }

    public ItemVersion latestVersion() {
        return versions.get(versions.size() - 1);
    }
}
