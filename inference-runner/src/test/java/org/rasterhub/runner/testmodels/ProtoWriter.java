package org.rasterhub.runner.testmodels;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Writes protobuf wire format: varints and length-delimited fields, which is all ONNX's messages
 * need. Field numbers are the caller's business.
 */
final class ProtoWriter {
    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static byte[] message(Consumer<ProtoWriter> body) {
        ProtoWriter writer = new ProtoWriter();
        body.accept(writer);
        return writer.out.toByteArray();
    }

    ProtoWriter int64(int field, long value) {
        tag(field, VARINT);
        varint(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED);
        varint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter message(int field, Consumer<ProtoWriter> body) {
        return bytes(field, message(body));
    }

    // Packed: proto2 parsers such as ONNX Runtime's must accept packed and unpacked alike.
    ProtoWriter packedInt64(int field, long... values) {
        ProtoWriter packed = new ProtoWriter();
        for (long v : values) {
            packed.varint(v);
        }
        return bytes(field, packed.out.toByteArray());
    }

    // TensorProto.raw_data is little-endian IEEE 754 whatever the machine's byte order.
    static byte[] littleEndian(float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    private void tag(int field, int wireType) {
        varint(((long) field << 3) | wireType);
    }

    // Negative int64 values take ten bytes (two's complement, unsigned shifts), as protobuf specifies.
    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
