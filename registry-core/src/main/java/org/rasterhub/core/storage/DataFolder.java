package org.rasterhub.core.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder that holds everything RasterHub keeps ({@code RASTERHUB_HOME}): the database, the
 * content-addressed blobs and the temporary files of uploads in progress.
 *
 * @param tmp this process's staging folder: {@code tmp/}, or {@code nodes/<node>/tmp/} for a named
 *            node of a cluster that shares the data folder, so that a node sweeping its own leftovers
 *            at start never touches another's uploads in progress
 */
public record DataFolder(Path root, Path tmp) {

    public DataFolder {
        root = root.toAbsolutePath().normalize();
        tmp = tmp.toAbsolutePath().normalize();
    }

    public DataFolder(Path root) {
        this(root, root.resolve("tmp"));
    }

    /** The data folder as one named node of a cluster sees it (its own staging folder). */
    public static DataFolder forNode(Path root, String node) {
        if (!node.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("a node name is 1-63 lower-case letters, digits and '-', was \""
                    + node + "\"");
        }
        return new DataFolder(root, root.resolve("nodes").resolve(node).resolve("tmp"));
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
    @Override
    public Path tmp() {
        return tmp;
    }

    public Path database() {
        return root.resolve("db");
    }
}
