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

/**
 * Stores files by the SHA-256 of their content under {@code blobs/sha256/ab/abcdef…}.
 * Thread-safe: concurrent puts of the same bytes end with one intact blob.
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
            Files.delete(stagedFile);
            return false;
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
