package org.rasterhub.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zip archives byte by byte, so tests can build what no well-behaved library writes:
 * headers that disagree, entries that overlap, flags and methods that lie. Little-endian throughout,
 * as in the ZIP specification (APPNOTE.TXT).
 */
public final class ZipSurgery {
    /** One entry as it will be written; tests change fields before {@link #bytes()}. */
    public static final class Entry {
        public String localName;
        public String centralName;
        public byte[] data;            // as stored (compressed when method is 8)
        public int method;             // 0 stored, 8 deflated
        public int flags;
        public long crc;
        public long size;              // declared uncompressed size, both headers
        public long compressedSize;
        public int unixMode;           // 0: none; 0120777: symbolic link
        public Integer localHeaderOffsetOverride;

        Entry(String name, byte[] content, boolean deflate) {
            this.localName = name;
            this.centralName = name;
            CRC32 crc32 = new CRC32();
            crc32.update(content);
            this.crc = crc32.getValue();
            this.size = content.length;
            this.method = deflate ? 8 : 0;
            this.data = deflate ? deflate(content) : content;
            this.compressedSize = data.length;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private int counter;

    public Entry add(String name, byte[] content, boolean deflate) {
        Entry entry = new Entry(name, content, deflate);
        entries.put(name + "#" + counter++, entry);
        return entry;
    }

    /** An entry of {@code size} zero bytes, deflated as a stream: ~1000x smaller than its size. */
    public Entry addDeflatedZeros(String name, long size) {
        Entry entry = new Entry(name, new byte[0], true);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        CRC32 crc = new CRC32();
        for (long left = size; left > 0; ) {
            int n = (int) Math.min(zeros.length, left);
            deflater.setInput(zeros, 0, n);
            crc.update(zeros, 0, n);
            left -= n;
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        entry.data = out.toByteArray();
        entry.compressedSize = entry.data.length;
        entry.size = size;
        entry.crc = crc.getValue();
        entries.put(name + "#" + counter++, entry);
        return entry;
    }

    public Entry add(String name, String content) {
        return add(name, content.getBytes(StandardCharsets.UTF_8), true);
    }

    public byte[] bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<Entry, Integer> offsets = new LinkedHashMap<>();
        for (Entry e : entries.values()) {
            offsets.put(e, out.size());
            byte[] name = e.localName.getBytes(StandardCharsets.UTF_8);
            ByteBuffer header = le(30 + name.length);
            header.putInt(0x04034b50).putShort((short) 20).putShort((short) (e.flags | 0x0800))
                    .putShort((short) e.method).putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) e.crc).putInt((int) e.compressedSize).putInt((int) e.size)
                    .putShort((short) name.length).putShort((short) 0).put(name);
            out.write(header.array());
            out.write(e.data);
        }
        int centralStart = out.size();
        for (Entry e : entries.values()) {
            byte[] name = e.centralName.getBytes(StandardCharsets.UTF_8);
            int offset = e.localHeaderOffsetOverride != null ? e.localHeaderOffsetOverride : offsets.get(e);
            ByteBuffer header = le(46 + name.length);
            header.putInt(0x02014b50).putShort((short) (e.unixMode != 0 ? 0x031E : 20)).putShort((short) 20)
                    .putShort((short) (e.flags | 0x0800)).putShort((short) e.method).putShort((short) 0)
                    .putShort((short) 0x21).putInt((int) e.crc).putInt((int) e.compressedSize).putInt((int) e.size)
                    .putShort((short) name.length).putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putShort((short) 0).putInt(e.unixMode << 16).putInt(offset).put(name);
            out.write(header.array());
        }
        int centralSize = out.size() - centralStart;
        ByteBuffer end = le(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                .putShort((short) entries.size()).putInt(centralSize).putInt(centralStart).putShort((short) 0);
        out.write(end.array());
        return out.toByteArray();
    }

    /** The offset at which the entry's local header will be written. */
    public int offsetOf(Entry target) {
        int offset = 0;
        for (Entry e : entries.values()) {
            if (e == target) {
                return offset;
            }
            offset += 30 + e.localName.getBytes(StandardCharsets.UTF_8).length + e.data.length;
        }
        throw new IllegalArgumentException("not an entry of this archive");
    }

    public static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[1 << 16];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
