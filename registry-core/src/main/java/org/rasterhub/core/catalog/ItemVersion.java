package org.rasterhub.core.catalog;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OrderColumn;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rasterhub.core.emd.EmdPaths;
import org.rasterhub.core.emd.ModelClass;
import org.rasterhub.core.emd.ModelDefinition;
import org.rasterhub.core.storage.ContentHash;

/** One immutable, numbered upload of an item's package. */
@Entity
@Table(name = "item_version")
public class ItemVersion {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "item_id")
    private CatalogItem item;

    @Column(name = "version_number", nullable = false)
    private int number;

    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "file_name", nullable = false, length = 255)
    private String fileName;

    @Column(name = "emd_path", nullable = false, length = 1024)
    private String emdPath;

    @Column(name = "model_type", nullable = false, length = 100)
    private String modelType;

    @Column(length = 100)
    private String framework;

    @Column(name = "model_configuration", length = 200)
    private String modelConfiguration;

    @Column(name = "model_file", length = 1024)
    private String modelFile;

    /** The whole .emd as uploaded (re-serialised JSON), so unknown keys are kept and shown. */
    @Column(name = "emd_json", nullable = false, length = Integer.MAX_VALUE)
    private String emdJson;

    /** What the ONNX model file says of itself, read at upload (JSON); null for other files and older versions. */
    @Column(name = "model_contract", length = Integer.MAX_VALUE)
    private String modelContract;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "package_file", joinColumns = @JoinColumn(name = "version_id"))
    @OrderColumn(name = "list_index")
    private List<PackageFile> files = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "model_class", joinColumns = @JoinColumn(name = "version_id"))
    @OrderColumn(name = "list_index")
    private List<ClassEntry> classes = new ArrayList<>();

    @ElementCollection
    @CollectionTable(name = "version_warning", joinColumns = @JoinColumn(name = "version_id"))
    @OrderColumn(name = "list_index")
    @Column(name = "message", nullable = false, length = 1000)
    private List<String> warnings = new ArrayList<>();

    protected ItemVersion() {
        // for JPA
    }

    ItemVersion(CatalogItem item, int number, Draft draft, Instant createdAt) {
        this.item = item;
        this.number = number;
        this.sha256 = draft.sha256().hex();
        this.sizeBytes = draft.sizeBytes();
        this.fileName = draft.fileName();
        this.emdPath = draft.emdPath();
        ModelDefinition emd = draft.definition();
        this.modelType = emd.modelType();
        this.framework = emd.framework().orElse(null);
        this.modelConfiguration = emd.modelConfiguration().orElse(null);
        this.modelFile = emd.modelFile().orElse(null);
        this.emdJson = emd.document().toPrettyString();
        this.createdAt = createdAt;
        this.files = new ArrayList<>(draft.files());
        emd.classes().forEach(c -> classes.add(new ClassEntry(c)));
        draft.warnings().forEach(w -> warnings.add(w.length() > 1000 ? w.substring(0, 1000) : w));
        this.modelContract = draft.modelContract();
    }

    /** What ingest knows about a package before it becomes a version. */
    public record Draft(ContentHash sha256, long sizeBytes, String fileName, String emdPath,
                        ModelDefinition definition, List<PackageFile> files, List<String> warnings,
                        String modelContract) {
        public Draft {
            files = List.copyOf(files);
            warnings = List.copyOf(warnings);
        }

        /** A draft whose model file was not read. */
        public Draft(ContentHash sha256, long sizeBytes, String fileName, String emdPath, ModelDefinition definition,
                     List<PackageFile> files, List<String> warnings) {
            this(sha256, sizeBytes, fileName, emdPath, definition, files, warnings, null);
        }
    }

    public int number() {
        return number;
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

    public String emdPath() {
        return emdPath;
    }

    public String modelType() {
        return modelType;
    }

    public Optional<String> framework() {
        return Optional.ofNullable(framework);
    }

    public Optional<String> modelConfiguration() {
        return Optional.ofNullable(modelConfiguration);
    }

    public Optional<String> modelFile() {
        return Optional.ofNullable(modelFile);
    }

    public String emdJson() {
        return emdJson;
    }

    /** What the ONNX model file says of itself as JSON, read at upload; empty when it was not read. */
    public java.util.Optional<String> modelContract() {
        return java.util.Optional.ofNullable(modelContract);
    }

    public Instant createdAt() {
        return createdAt;
    }

    public List<PackageFile> files() {
        return List.copyOf(files);
    }

    /** The package file the definition's {@code ModelFile} names, if it names one. */
    public Optional<PackageFile> modelFileEntry() {
        if (modelFile == null) {
            return Optional.empty();
        }
        String path = EmdPaths.resolveBeside(emdPath, modelFile);
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    /** Things the owner should know that did not stop the upload. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    public List<ModelClass> classes() {
        return classes.stream().map(ClassEntry::toModelClass).toList();
    }
}
