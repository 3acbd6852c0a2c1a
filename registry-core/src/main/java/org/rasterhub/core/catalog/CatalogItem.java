package org.rasterhub.core.catalog;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.MapKeyColumn;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.rasterhub.core.storage.ContentHash;

/** An entry in the catalog: a named model with its versions. */
@Entity
@Table(name = "catalog_item")
public class CatalogItem implements Shareable {
    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_SUMMARY_LENGTH = 2048;
    public static final int MAX_DESCRIPTION_LENGTH = 100_000;
    public static final int MAX_TAG_LENGTH = 100;
    public static final int MAX_TAGS = 50;

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

    @Column(length = MAX_SUMMARY_LENGTH)
    private String summary;

    @Column(length = Integer.MAX_VALUE)
    private String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Sharing sharing = Sharing.PRIVATE;

    /** Set when the owner uploaded a thumbnail; otherwise one is drawn from the class colours. */
    @Column(name = "thumbnail_sha256", length = 64)
    private String thumbnailSha256;

    @Column(name = "thumbnail_type", length = 40)
    private String thumbnailType;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "item_tag", joinColumns = @JoinColumn(name = "item_id"))
    @Column(name = "tag", nullable = false, length = MAX_TAG_LENGTH)
    private Set<String> tags = new TreeSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "item_group", joinColumns = @JoinColumn(name = "item_id"))
    @Column(name = "group_id", nullable = false)
    private Set<Long> groups = new TreeSet<>();

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
        this.title = checkedTitle(title);
        this.owner = owner;
        this.createdAt = createdAt;
        this.modifiedAt = createdAt;
    }

    /**
     * Replaces what people read about the item. Tags are trimmed, and kept once each ignoring case.
     *
     * @throws IllegalArgumentException naming the field that is too long, empty or has too many entries
     */
    public void describe(String newTitle, String newSummary, String newDescription, Collection<String> newTags,
                         Instant at) {
        String checkedTitle = checkedTitle(newTitle);
        if (newSummary != null && newSummary.length() > MAX_SUMMARY_LENGTH) {
            throw new IllegalArgumentException("summary: at most " + MAX_SUMMARY_LENGTH + " characters, was "
                    + newSummary.length());
        }
        if (newDescription != null && newDescription.length() > MAX_DESCRIPTION_LENGTH) {
            throw new IllegalArgumentException("description: at most " + MAX_DESCRIPTION_LENGTH + " characters, was "
                    + newDescription.length());
        }
        Set<String> checkedTags = checkedTags(newTags);
        title = checkedTitle;
        summary = blankToNull(newSummary);
        description = blankToNull(newDescription);
        tags.clear();
        tags.addAll(checkedTags);
        modifiedAt = at;
    }

    /**
     * Shares the item at a level and with exactly these groups (ids of existing groups); private
     * items are shared with no group, whatever is passed.
     */
    public void share(Sharing level, Collection<Long> groupIds, Instant at) {
        sharing = level;
        groups.clear();
        groups.addAll(level.keptGroups(groupIds));
        modifiedAt = at;
    }

    /** Uses an uploaded image as the thumbnail, or the drawn one again when {@code sha256} is null. */
    public void setThumbnail(ContentHash sha256, String mediaType, Instant at) {
        thumbnailSha256 = sha256 == null ? null : sha256.hex();
        thumbnailType = sha256 == null ? null : mediaType;
        modifiedAt = at;
    }

    private static String checkedTitle(String title) {
        if (title == null || title.isBlank() || title.length() > MAX_TITLE_LENGTH) {
            throw new IllegalArgumentException("title: 1 to " + MAX_TITLE_LENGTH + " characters, was "
                    + (title == null ? "missing" : title.isBlank() ? "blank" : title.length() + " characters"));
        }
        return title.strip();
    }

    private static Set<String> checkedTags(Collection<String> raw) {
        Map<String, String> byLowerCase = new TreeMap<>();
        for (String tag : raw == null ? List.<String>of() : raw) {
            String trimmed = tag == null ? "" : tag.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (trimmed.length() > MAX_TAG_LENGTH) {
                throw new IllegalArgumentException("tags: a tag has at most " + MAX_TAG_LENGTH + " characters: \""
                        + trimmed.substring(0, 20) + "…\"");
            }
            byLowerCase.putIfAbsent(trimmed.toLowerCase(Locale.ROOT), trimmed);
        }
        if (byLowerCase.size() > MAX_TAGS) {
            throw new IllegalArgumentException("tags: at most " + MAX_TAGS + ", were " + byLowerCase.size());
        }
        return new TreeSet<>(byLowerCase.values());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
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

    @Override
    public String owner() {
        return owner;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant modifiedAt() {
        return modifiedAt;
    }

    public Optional<String> summary() {
        return Optional.ofNullable(summary);
    }

    public Optional<String> description() {
        return Optional.ofNullable(description);
    }

    @Override
    public Sharing sharing() {
        return sharing;
    }

    /** Sorted. */
    public Set<String> tags() {
        return Collections.unmodifiableSet(new TreeSet<>(tags));
    }

    /** Ids of the groups the item is shared with, sorted. */
    @Override
    public Set<Long> groups() {
        return Collections.unmodifiableSet(new TreeSet<>(groups));
    }

    public Optional<ContentHash> thumbnailSha256() {
        return Optional.ofNullable(thumbnailSha256).map(ContentHash::new);
    }

    public Optional<String> thumbnailType() {
        return Optional.ofNullable(thumbnailType);
    }

    public List<ItemVersion> versions() {
        return Collections.unmodifiableList(versions);
    }

    public ItemVersion latestVersion() {
        return versions.get(versions.size() - 1);
    }
}
