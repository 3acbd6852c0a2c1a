package org.rasterhub.runner.testmodels;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes pickle protocol 2 opcode by opcode, the subset libtorch's own pickler emits for TorchScript
 * archives ({@code torch/csrc/jit/serialization/pickler.cpp}): no memo, which the format makes
 * optional. Opcode values are those of CPython's {@code pickletools}.
 */
final class PickleWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleWriter() {
        out.write(0x80); // PROTO
        out.write(2);
    }

    PickleWriter global(String module, String name) {
        out.write('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleWriter string(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        out.write('X'); // BINUNICODE: 4-byte little-endian length
        writeLe32(utf8.length);
        out.writeBytes(utf8);
        return this;
    }

    PickleWriter integer(int value) {
        if (value >= 0 && value < 256) {
            out.write('K'); // BININT1
            out.write(value);
        } else {
            out.write('J'); // BININT
            writeLe32(value);
        }
        return this;
    }

    PickleWriter bool(boolean value) {
        out.write(value ? 0x88 : 0x89); // NEWTRUE, NEWFALSE
        return this;
    }

    PickleWriter none() {
        return op('N');
    }

    PickleWriter mark() {
        return op('(');
    }

    PickleWriter tuple() {
        return op('t');
    }

    PickleWriter emptyTuple() {
        return op(')');
    }

    PickleWriter emptyDict() {
        return op('}');
    }

    PickleWriter setItems() {
        return op('u');
    }

    PickleWriter reduce() {
        return op('R');
    }

    PickleWriter newObj() {
        return op(0x81);
    }

    PickleWriter build() {
        return op('b');
    }

    PickleWriter binPersId() {
        return op('Q');
    }

    /** Any single opcode, for hostile pickles. */
    PickleWriter op(int opcode) {
        out.write(opcode);
        return this;
    }

    byte[] stop() {
        out.write('.');
        return out.toByteArray();
    }

    private void writeLe32(int value) {
        out.write(value);
        out.write(value >>> 8);
        out.write(value >>> 16);
        out.write(value >>> 24);
    }
}
