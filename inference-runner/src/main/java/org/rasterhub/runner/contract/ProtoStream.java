package org.rasterhub.runner.contract;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads protobuf wire format from a stream, one field at a time, skipping what it is not asked for
 * without holding it: an ONNX file's weights (hundreds of MB) pass by with constant memory. Nested
 * messages are read inside a limit ({@link #enter}/{@link #leave}). Never trusts a length: every one
 * is checked against the enclosing message and the caller's maximum.
 */
final class ProtoStream {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final InputStream in;
    private long position;
    private long limit;

    ProtoStream(InputStream in, long length) {
        this.in = in;
        this.limit = length;
    }

    /** The next field's tag ({@code field << 3 | wire type}), or 0 at the end of the current message. */
    int nextTag() throws IOException {
        if (position >= limit) {
            return 0;
        }
        long tag = varint();
        if (tag <= 0 || tag > Integer.MAX_VALUE || (tag >>> 3) == 0) {
            throw new IOException("invalid field tag " + tag + " at byte " + position);
        }
        return (int) tag;
    }

    long varint() throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = read();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("varint longer than 10 bytes at byte " + position);
    }

    /** A length-delimited field as UTF-8 text, refused beyond {@code maxBytes}. */
    String string(int maxBytes) throws IOException {
        long length = length();
        if (length > maxBytes) {
            throw new IOException("a text of " + length + " bytes, more than the " + maxBytes + " read");
        }
        byte[] bytes = in.readNBytes((int) length);
        if (bytes.length != length) {
            throw new EOFException("the file ends inside a text");
        }
        position += length;
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Enters a nested message: fields are read inside it until {@link #nextTag} answers 0. */
    long enter() throws IOException {
        long length = length();
        long outer = limit;
        limit = position + length;
        return outer;
    }

    /** Leaves a nested message, skipping what of it was not read. */
    void leave(long outer) throws IOException {
        skipBytes(limit - position);
        limit = outer;
    }

    /** Skips the value of a field of this wire type. */
    void skip(int wireType) throws IOException {
        switch (wireType) {
            case VARINT -> varint();
            case FIXED64 -> skipBytes(8);
            case LENGTH_DELIMITED -> skipBytes(length());
            case FIXED32 -> skipBytes(4);
            default -> throw new IOException("unsupported wire type " + wireType + " at byte " + position);
        }
    }

    private long length() throws IOException {
        long length = varint();
        if (length < 0 || length > limit - position) {
            throw new IOException("a field of " + length + " bytes overruns its message at byte " + position);
        }
        return length;
    }

    private void skipBytes(long count) throws IOException {
        if (count > limit - position) {
            throw new IOException("a field overruns its message at byte " + position);
        }
        long left = count;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new EOFException("the file ends inside a field");
                }
                skipped = 1;
            }
            left -= skipped;
        }
        position += count;
    }

    private int read() throws IOException {
        if (position >= limit) {
            throw new IOException("a value overruns its message at byte " + position);
        }
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the file ends inside a value");
        }
        position++;
        return b;
    }
}
