package org.rasterhub.core.catalog;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.List;
import java.util.Optional;
import org.rasterhub.core.storage.ContentHash;

/** A file inside a version's package, as listed at upload. */
@Embeddable
public class PackageFile {
    @Column(nullable = false, length = 1024)
    private String path;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    /** The file's own SHA-256; it is stored once under that name, whichever packages hold it. */
    @Column(length = 64)
    private String sha256;

    /** What the file is, e.g. "ONNX model", "pickled PyTorch weights" (see codescan.FileKind). */
    @Column(length = 40)
    private String kind;

    /** True for Python source and anything that holds a pickle: code that RasterHub never runs. */
    @Column
    private Boolean executable;

    @Column(name = "runnable")
    private Boolean runnableHere;

    /** One line for people: what the file is and whether and how it can run here. */
    @Column(length = 1000)
    private String assessment;

    /** What its pickles would import, comma-separated, cut to the column's length. */
    @Column(length = 2000)
    private String imports;

    protected PackageFile() {
        // for JPA
    }

    public PackageFile(String path, long sizeBytes, ContentHash sha256) {
        this.path = path;
        this.sizeBytes = sizeBytes;
        this.sha256 = sha256.hex();
    }

    /** A file with what the code scan found out about it. */
    public PackageFile(String path, long sizeBytes, ContentHash sha256, String kind, boolean executable,
                       boolean runnableHere, String assessment, List<String> imports) {
        this(path, sizeBytes, sha256);
        this.kind = kind;
        this.executable = executable;
        this.runnableHere = runnableHere;
        this.assessment = assessment.length() > 1000 ? assessment.substring(0, 997) + "..." : assessment;
        String joined = String.join(", ", imports);
        this.imports = joined.length() > 2000 ? joined.substring(0, 1997) + "..." : joined;
    }

    public String path() {
        return path;
    }

    public long sizeBytes() {
        return sizeBytes;
    }

    public ContentHash sha256() {
        return new ContentHash(sha256);
    }

    public Optional<String> kind() {
        return Optional.ofNullable(kind);
    }

    public boolean executable() {
        return Boolean.TRUE.equals(executable);
    }

    public boolean runnableHere() {
        return Boolean.TRUE.equals(runnableHere);
    }

    public Optional<String> assessment() {
        return Optional.ofNullable(assessment);
    }

    public List<String> imports() {
        return imports == null || imports.isEmpty() ? List.of() : List.of(imports.split(", "));
    }
}
