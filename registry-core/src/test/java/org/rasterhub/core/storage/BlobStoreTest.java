package org.rasterhub.core.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobStoreTest {
    @TempDir Path tmp;

    @Test
    void storesByHashAndKeepsOneCopyOfTheSameBytes() throws Exception {
        DataFolder folder = new DataFolder(tmp).create();
        BlobStore store = new BlobStore(folder);
        byte[] bytes = "model weights".getBytes();
        ContentHash hash = hashOf(bytes);

        assertTrue(store.put(stage(folder, bytes), hash), "first put stores");
        assertFalse(store.put(stage(folder, bytes), hash), "second put finds it stored");

        try (InputStream in = store.open(hash)) {
            assertArrayEquals(bytes, in.readAllBytes());
        }
        assertTrue(store.path(hash).startsWith(folder.blobs()));
        try (var staged = Files.list(folder.tmp())) {
            assertFalse(staged.findAny().isPresent(), "staged files are consumed");
        }
    }

    @Test
    void aPutOfBytesAlreadyStoredTouchesTheBlobSoACollectorThatDecidedBeforeSparesIt() throws Exception {
        DataFolder folder = new DataFolder(tmp).create();
        BlobStore store = new BlobStore(folder);
        byte[] bytes = "shared package".getBytes();
        ContentHash hash = hashOf(bytes);
        store.put(stage(folder, bytes), hash);
        Files.setLastModifiedTime(store.path(hash), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        // The collector counted no rows and takes "an hour ago" as its cut-off; then an upload of the
        // same bytes finds the blob present (its rows are not committed yet), before the delete.
        Instant cutoff = Instant.now().minus(Duration.ofHours(1));
        assertEquals(List.of(hash), store.untouchedSince(cutoff));
        assertFalse(store.put(stage(folder, bytes), hash), "found present");

        assertFalse(store.deleteIfUntouchedSince(hash, cutoff), "touched since the cut-off: spared");
        assertTrue(store.contains(hash));
        assertEquals(List.of(), store.untouchedSince(cutoff));
    }

    @Test
    void anUntouchedBlobIsDeletedAndNothingIsLeftInTheTrash() throws Exception {
        DataFolder folder = new DataFolder(tmp).create();
        BlobStore store = new BlobStore(folder);
        byte[] bytes = "orphan output".getBytes();
        ContentHash hash = hashOf(bytes);
        store.put(stage(folder, bytes), hash);
        Files.setLastModifiedTime(store.path(hash), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        assertTrue(store.deleteIfUntouchedSince(hash, Instant.now().minus(Duration.ofHours(1))));
        assertFalse(store.contains(hash));
        try (var trash = Files.list(folder.blobs().resolve("trash"))) {
            assertEquals(0, trash.count());
        }
        assertFalse(store.deleteIfUntouchedSince(hash, Instant.now()), "already gone");
    }

    @Test
    void aBlobLeftInTheTrashByACrashIsPutBackAtStart() throws Exception {
        DataFolder folder = new DataFolder(tmp).create();
        BlobStore store = new BlobStore(folder);
        byte[] bytes = "half collected".getBytes();
        ContentHash hash = hashOf(bytes);
        store.put(stage(folder, bytes), hash);
        Path trash = Files.createDirectories(folder.blobs().resolve("trash"));
        Files.move(store.path(hash), trash.resolve(hash.hex() + "-crashed"));

        assertEquals(1, store.restoreTrash());
        assertTrue(store.contains(hash));
    }

    @Test
    void aFlippedBitIsFoundBeforeTheBlobIsUsed() throws Exception {
        DataFolder folder = new DataFolder(tmp).create();
        BlobStore store = new BlobStore(folder);
        byte[] bytes = "model weights".getBytes();
        ContentHash hash = hashOf(bytes);
        store.put(stage(folder, bytes), hash);
        store.verify(hash);

        bytes[3] ^= 0x01;
        Files.write(store.path(hash), bytes);

        var e = assertThrows(CorruptBlobException.class, () -> store.verify(hash));
        assertTrue(e.getMessage().contains("refusing to use it"), e.getMessage());
        assertTrue(e.actual().equals(hashOf(bytes)));
    }

    @Test
    void openingAMissingBlobSaysWhichOne() {
        BlobStore store = new BlobStore(new DataFolder(tmp).create());
        ContentHash hash = hashOf(new byte[] {1});
        var e = assertThrows(NoSuchFileException.class, () -> store.open(hash));
        assertTrue(e.getMessage().contains(hash.hex()), e.getMessage());
    }

    @Test
    void contentHashRefusesWhatIsNotAHexDigest() {
        assertThrows(IllegalArgumentException.class, () -> new ContentHash("ABC"));
        assertThrows(IllegalArgumentException.class, () -> new ContentHash("../" + "a".repeat(61)));
    }

    private static Path stage(DataFolder folder, byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(folder.tmp(), "blob", ".part"), bytes);
    }

    private static ContentHash hashOf(byte[] bytes) {
        var digest = ContentHash.newDigest();
        digest.update(bytes);
        return ContentHash.of(digest);
    }
}
