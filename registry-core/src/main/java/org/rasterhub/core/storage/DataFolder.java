package org.rasterhub.core.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder that holds everything RasterHub keeps ({@code RASTERHUB_HOME}): the database, the
 * content-addressed blobs and the temporary files of uploads in progress.
 */
public record DataFolder(Path root) {

    public DataFolder {
        root = root.toAbsolutePath().normalize();
    }

    /** Creates the folder layout if missing. */
    public DataFolder create() {
        try {
            Files.createDirectories(blobs());
            Files.createDirectories(tmp());
            Files.createDirectories(database());
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data folder " + root, e);
        }
    }

    /** Deletes a folder of staging files and everything in it; nothing when it does not exist. */
    public static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            for (Path path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    public Path blobs() {
        return root.resolve("blobs");
    }

    /** Uploads in progress; on the same file system as {@link #blobs()} so renames are atomic. */
    public Path tmp() {
        return root.resolve("tmp");
    }

    public Path database() {
        return root.resolve("db");
    }
}
