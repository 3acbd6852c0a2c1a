package org.rasterhub.core.codescan;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Assembles pickle bytes opcode by opcode, so tests hold hostile pickles without Python:
 * {@code aPickle().proto(2).global("posix", "system").unicode("echo hi").tuple1().reduce().stop()}.
 */
final class PickleBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static PickleBytes aPickle() {
        return new PickleBytes();
    }

    /** Protocol 0 text, written as Latin-1 bytes: {@code text("cos\nsystem\n")}. */
    PickleBytes text(String latin1) {
        out.writeBytes(latin1.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    PickleBytes op(int code) {
        out.write(code);
        return this;
    }

    PickleBytes bytes(byte[] raw) {
        out.writeBytes(raw);
        return this;
    }

    PickleBytes littleEndian(long value, int width) {
        for (int i = 0; i < width; i++) {
            out.write((int) (value >>> (8 * i)) & 0xff);
        }
        return this;
    }

    PickleBytes proto(int version) {
        return op(0x80).op(version);
    }

    /** FRAME announcing the length of {@code body}, then the body. */
    PickleBytes framed(PickleBytes body) {
        byte[] framed = body.build();
        return op(0x95).littleEndian(framed.length, 8).bytes(framed);
    }

    PickleBytes global(String module, String name) {
        return text("c" + module + "\n" + name + "\n");
    }

    PickleBytes shortBinUnicode(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return op(0x8c).op(utf8.length).bytes(utf8);
    }

    PickleBytes binUnicode(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        return op('X').littleEndian(utf8.length, 4).bytes(utf8);
    }

    PickleBytes shortBinBytes(byte[] value) {
        return op('C').op(value.length).bytes(value);
    }

    PickleBytes stackGlobal() {
        return op(0x93);
    }

    PickleBytes memoize() {
        return op(0x94);
    }

    PickleBytes binPut(int index) {
        return op('q').op(index);
    }

    PickleBytes binGet(int index) {
        return op('h').op(index);
    }

    PickleBytes mark() {
        return op('(');
    }

    PickleBytes tuple() {
        return op('t');
    }

    PickleBytes tuple1() {
        return op(0x85);
    }

    PickleBytes emptyTuple() {
        return op(')');
    }

    PickleBytes emptyDict() {
        return op('}');
    }

    PickleBytes reduce() {
        return op('R');
    }

    PickleBytes binInt1(int value) {
        return op('K').op(value);
    }

    PickleBytes binPersId() {
        return op('Q');
    }

    PickleBytes newFalse() {
        return op(0x89);
    }

    PickleBytes setItem() {
        return op('s');
    }

    PickleBytes stop() {
        return op('.');
    }

    byte[] build() {
        return out.toByteArray();
    }

    /**
     * What torch.save writes as data.pkl for {@code {"weight": <4 floats>}}: an OrderedDict whose
     * tensor is rebuilt by torch._utils._rebuild_tensor_v2 from a storage named by a persistent id.
     */
    static byte[] torchStateDict() {
        return aPickle().proto(2)
                .global("collections", "OrderedDict").binPut(0).emptyTuple().reduce().binPut(1)
                .binUnicode("weight").binPut(2)
                .global("torch._utils", "_rebuild_tensor_v2").binPut(3)
                .mark()
                    .mark().binUnicode("storage").binPut(4).global("torch", "FloatStorage").binPut(5)
                    .binUnicode("0").binPut(6).binUnicode("cpu").binPut(7).binInt1(4).tuple().binPut(8)
                    .binPersId()
                    .binInt1(0).binInt1(4).tuple1().binInt1(1).tuple1().newFalse()
                    .global("collections", "OrderedDict").emptyTuple().reduce()
                .tuple().reduce().binPut(9)
                .setItem()
                .stop().build();
    }

    /** The protocol 0 classic: {@code os.system("echo hi")}. */
    static byte[] osSystemProtocol0() {
        return aPickle().text("cos\nsystem\n(S'echo hi'\ntR.").build();
    }
}
