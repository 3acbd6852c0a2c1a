package org.rasterhub.core.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Stores files by the SHA-256 of their content under {@code blobs/sha256/ab/abcdef…}.
 * Thread-safe: concurrent puts of the same bytes end with one intact blob.
 *
 * <p>A blob's modification time is when it was last <em>touched</em>: stored, or found present by a
 * put of the same bytes. Collection ({@link #deleteIfUntouchedSince}) spares a blob touched since the
 * collector's cut-off, so an upload that has just found its bytes present, and whose rows are not
 * committed yet, never loses them to a collector that counted no rows.
 */
public final class BlobStore {
    private final Path root;

    public BlobStore(DataFolder folder) {
        this.root = folder.blobs().resolve("sha256");
    }

    /**
     * Moves {@code stagedFile}, whose SHA-256 the caller computed while writing it, into the store.
     * The staged file is gone afterwards either way.
     *
     * @return true if the blob is new, false if the same bytes were stored already
     */
    public boolean put(Path stagedFile, ContentHash hash) throws IOException {
        Path target = path(hash);
        if (Files.exists(target)) {
            try {
                Files.setLastModifiedTime(target, FileTime.from(Instant.now()));   // touched: young again
                Files.delete(stagedFile);
                return false;
            } catch (NoSuchFileException collected) {
                // collected between the two calls: store these bytes as a new blob
            }
        }
        Files.createDirectories(target.getParent());
        force(stagedFile);
        try {
            // A hard link is created atomically and fails if the name exists, so of two concurrent
            // puts of the same bytes exactly one is told it created the blob.
            Files.createLink(target, stagedFile);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(stagedFile);
            return false;
        } catch (UnsupportedOperationException | IOException noHardLinks) {
            if (Files.exists(target)) {
                Files.deleteIfExists(stagedFile);
                return false;
            }
            moveAtomically(stagedFile, target); // file systems without hard links
            force(target.getParent());
            return true;
        }
        Files.delete(stagedFile);
        force(target.getParent());
        return true;
    }

    private static void moveAtomically(Path stagedFile, Path target) throws IOException {
        try {
            Files.move(stagedFile, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(stagedFile);
            throw new IOException("blob store and staging folder must be on one file system", e);
        }
    }

    public boolean contains(ContentHash hash) {
        return Files.exists(path(hash));
    }

    public InputStream open(ContentHash hash) throws IOException {
        try {
            return Files.newInputStream(path(hash));
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException("blob " + hash + " is missing from the store");
        }
    }

    /**
     * Hashes the stored bytes again; call before a blob is used (downloaded, run), so a flipped bit
     * is refused with a reason instead of producing wrong results.
     *
     * @throws CorruptBlobException if the bytes no longer match the hash
     */
    public void verify(ContentHash hash) throws IOException {
        if (!Files.exists(path(hash))) {
            throw new NoSuchFileException("blob " + hash + " is missing from the store");
        }
        ContentHash actual = ContentHash.ofFile(path(hash));
        if (!actual.equals(hash)) {
            throw new CorruptBlobException(hash, actual);
        }
    }

    /**
     * Deletes a blob unless it was touched at or after {@code cutoff}. The blob is first renamed out
     * of the store, atomically, then its time is read: a put that touched it before the rename is seen
     * (the blob is put back), and a put after the rename finds no blob and stores its own copy.
     *
     * @return true when the blob was deleted
     */
    public boolean deleteIfUntouchedSince(ContentHash hash, Instant cutoff) throws IOException {
        Path target = path(hash);
        Path trash = trash().resolve(hash.hex() + "-" + UUID.randomUUID());
        try {
            Files.move(target, trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return false;
        }
        if (!Files.getLastModifiedTime(trash).toInstant().isBefore(cutoff)) {
            // Same bytes as any copy a put stored meanwhile, so replacing that is harmless.
            Files.move(trash, target, StandardCopyOption.ATOMIC_MOVE);
            return false;
        }
        Files.delete(trash);
        return true;
    }

    /** The blobs last touched before {@code cutoff}: candidates for collection if nothing names them. */
    public List<ContentHash> untouchedSince(Instant cutoff) throws IOException {
        List<ContentHash> old = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return old;
        }
        try (Stream<Path> files = Files.walk(root, 2)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = file.getFileName().toString();
                if (name.matches("[0-9a-f]{64}")
                        && Files.getLastModifiedTime(file).toInstant().isBefore(cutoff)) {
                    old.add(new ContentHash(name));
                }
            }
        }
        return old;
    }

    /**
     * Puts back what a collector left renamed out of the store when the process died between its
     * rename and its decision; the next collection decides again. Call at start.
     *
     * @return how many blobs were put back
     */
    public int restoreTrash() throws IOException {
        Path trash = root.resolveSibling("trash");
        if (!Files.isDirectory(trash)) {
            return 0;
        }
        int restored = 0;
        try (Stream<Path> files = Files.list(trash)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.length() > 64 && name.substring(0, 64).matches("[0-9a-f]{64}")) {
                    Path target = path(new ContentHash(name.substring(0, 64)));
                    Files.createDirectories(target.getParent());
                    Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
                    restored++;
                } else {
                    Files.deleteIfExists(file);
                }
            }
        }
        return restored;
    }

    private Path trash() throws IOException {
        return Files.createDirectories(root.resolveSibling("trash"));
    }

    /** Removes a blob; used to undo a put whose catalog registration failed. */
    public void delete(ContentHash hash) throws IOException {
        Files.deleteIfExists(path(hash));
    }

    public Path path(ContentHash hash) {
        return root.resolve(hash.hex().substring(0, 2)).resolve(hash.hex());
    }

    private static void force(Path path) throws IOException {
        boolean directory = Files.isDirectory(path);
        try (FileChannel channel = FileChannel.open(path,
                directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            if (!directory) {
                throw e; // some file systems cannot fsync a directory; a file must reach the disk
            }
        }
    }
}
