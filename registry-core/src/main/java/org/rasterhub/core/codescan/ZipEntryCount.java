package org.rasterhub.core.codescan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.util.OptionalLong;

/**
 * Reads how many entries a zip declares from its end-of-central-directory record (and the ZIP64 one
 * when present), so an archive with millions of entries is refused before a zip library lists them
 * all in memory.
 */
public final class ZipEntryCount {
    private static final int EOCD_SIGNATURE = 0x06054b50;
    private static final int ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
    private static final int ZIP64_EOCD_SIGNATURE = 0x06064b50;
    private static final int EOCD_SIZE = 22;
    private static final int MAX_COMMENT = 0xffff;

    private ZipEntryCount() {
    }

    /** The declared entry count, or empty when no end record is found (the zip library will say why). */
    public static OptionalLong of(SeekableByteChannel channel) throws IOException {
        long size = channel.size();
        int tailLength = (int) Math.min(size, EOCD_SIZE + MAX_COMMENT);
        if (tailLength < EOCD_SIZE) {
            return OptionalLong.empty();
        }
        long tailStart = size - tailLength;
        ByteBuffer tail = read(channel, tailStart, tailLength);
        for (int at = tailLength - EOCD_SIZE; at >= 0; at--) {
            if (tail.getInt(at) != EOCD_SIGNATURE) {
                continue;
            }
            int entries = Short.toUnsignedInt(tail.getShort(at + 10));
            if (entries != 0xffff) {
                return OptionalLong.of(entries);
            }
            long locator = tailStart + at - 20;
            if (locator < 0) {
                return OptionalLong.empty();
            }
            ByteBuffer loc = read(channel, locator, 20);
            if (loc.getInt(0) != ZIP64_LOCATOR_SIGNATURE) {
                return OptionalLong.empty();
            }
            long zip64 = loc.getLong(8);
            if (zip64 < 0 || zip64 > size - 56) {
                return OptionalLong.empty();
            }
            ByteBuffer record = read(channel, zip64, 56);
            if (record.getInt(0) != ZIP64_EOCD_SIGNATURE) {
                return OptionalLong.empty();
            }
            long total = record.getLong(32);
            return OptionalLong.of(total < 0 ? Long.MAX_VALUE : total);
        }
        return OptionalLong.empty();
    }

    private static ByteBuffer read(SeekableByteChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        channel.position(position);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the file ended while reading its zip directory at byte " + position);
            }
        }
        return buffer.flip();
    }
}
