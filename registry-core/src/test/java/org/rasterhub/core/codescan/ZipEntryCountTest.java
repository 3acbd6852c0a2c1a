package org.rasterhub.core.codescan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipEntryCountTest {
    @TempDir Path tmp;

    @Test
    void readsTheEntryCountFromTheEndOfCentralDirectory() throws IOException {
        Path zip = zipWith(3, Zip64Mode.Never);

        assertEquals(OptionalLong.of(3), countOf(zip));
    }

    @Test
    void readsTheEntryCountFromTheZip64RecordWhenThereIsOne() throws IOException {
        Path zip = zipWith(2, Zip64Mode.Always);

        assertEquals(OptionalLong.of(2), countOf(zip));
    }

    @Test
    void findsNoCountInAFileWithoutAnEndRecord() throws IOException {
        Path notZip = Files.write(tmp.resolve("x.bin"), new byte[100]);

        assertEquals(OptionalLong.empty(), countOf(notZip));
    }

    private Path zipWith(int entries, Zip64Mode mode) throws IOException {
        Path path = tmp.resolve("n" + entries + mode + ".zip");
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(path)) {
            zip.setUseZip64(mode);
            for (int i = 0; i < entries; i++) {
                zip.putArchiveEntry(new ZipArchiveEntry("e" + i));
                zip.write(new byte[] {1, 2, 3});
                zip.closeArchiveEntry();
            }
        }
        return path;
    }

    private static OptionalLong countOf(Path zip) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(zip)) {
            return ZipEntryCount.of(channel);
        }
    }
}
