package org.rasterhub.core.codescan;

/**
 * Every opcode of the Python pickle machine, protocols 0 to 5, with the layout of the argument
 * that follows it in the stream. Source: CPython {@code Lib/pickletools.py}, whose {@code opcodes}
 * table has the same 68 entries; lengths there marked "unsigned" are unsigned here.
 */
enum PickleOpcode {
    // Protocols 0 and 1.
    MARK('(', Argument.NONE, 0),
    STOP('.', Argument.NONE, 0),
    POP('0', Argument.NONE, 0),
    POP_MARK('1', Argument.NONE, 1),
    DUP('2', Argument.NONE, 0),
    FLOAT('F', Argument.TEXT_LINE, 0),
    INT('I', Argument.TEXT_LINE, 0),
    BININT('J', Argument.INT4, 1),
    BININT1('K', Argument.UINT1, 1),
    LONG('L', Argument.TEXT_LINE, 0),
    BININT2('M', Argument.UINT2, 1),
    NONE('N', Argument.NONE, 0),
    PERSID('P', Argument.TEXT_LINE, 0),
    BINPERSID('Q', Argument.NONE, 1),
    REDUCE('R', Argument.NONE, 0),
    STRING('S', Argument.QUOTED_LINE, 0),
    BINSTRING('T', Argument.STRING_INT4, 1),
    SHORT_BINSTRING('U', Argument.STRING_UINT1, 1),
    UNICODE('V', Argument.RAW_UNICODE_LINE, 0),
    BINUNICODE('X', Argument.UTF8_UINT4, 1),
    APPEND('a', Argument.NONE, 0),
    BUILD('b', Argument.NONE, 0),
    GLOBAL('c', Argument.TWO_LINES, 0),
    DICT('d', Argument.NONE, 0),
    EMPTY_DICT('}', Argument.NONE, 1),
    APPENDS('e', Argument.NONE, 1),
    GET('g', Argument.TEXT_LINE, 0),
    BINGET('h', Argument.UINT1, 1),
    INST('i', Argument.TWO_LINES, 0),
    LONG_BINGET('j', Argument.UINT4, 1),
    LIST('l', Argument.NONE, 0),
    EMPTY_LIST(']', Argument.NONE, 1),
    OBJ('o', Argument.NONE, 1),
    PUT('p', Argument.TEXT_LINE, 0),
    BINPUT('q', Argument.UINT1, 1),
    LONG_BINPUT('r', Argument.UINT4, 1),
    SETITEM('s', Argument.NONE, 0),
    TUPLE('t', Argument.NONE, 0),
    EMPTY_TUPLE(')', Argument.NONE, 1),
    SETITEMS('u', Argument.NONE, 1),
    BINFLOAT('G', Argument.FIXED8, 1),

    // Protocol 2.
    PROTO(0x80, Argument.UINT1, 2),
    NEWOBJ(0x81, Argument.NONE, 2),
    EXT1(0x82, Argument.UINT1, 2),
    EXT2(0x83, Argument.UINT2, 2),
    EXT4(0x84, Argument.INT4, 2),
    TUPLE1(0x85, Argument.NONE, 2),
    TUPLE2(0x86, Argument.NONE, 2),
    TUPLE3(0x87, Argument.NONE, 2),
    NEWTRUE(0x88, Argument.NONE, 2),
    NEWFALSE(0x89, Argument.NONE, 2),
    LONG1(0x8a, Argument.BYTES_UINT1, 2),
    LONG4(0x8b, Argument.BYTES_INT4, 2),

    // Protocol 3.
    BINBYTES('B', Argument.BYTES_UINT4, 3),
    SHORT_BINBYTES('C', Argument.BYTES_UINT1, 3),

    // Protocol 4.
    SHORT_BINUNICODE(0x8c, Argument.UTF8_UINT1, 4),
    BINUNICODE8(0x8d, Argument.UTF8_UINT8, 4),
    BINBYTES8(0x8e, Argument.BYTES_UINT8, 4),
    EMPTY_SET(0x8f, Argument.NONE, 4),
    ADDITEMS(0x90, Argument.NONE, 4),
    FROZENSET(0x91, Argument.NONE, 4),
    NEWOBJ_EX(0x92, Argument.NONE, 4),
    STACK_GLOBAL(0x93, Argument.NONE, 4),
    MEMOIZE(0x94, Argument.NONE, 4),
    FRAME(0x95, Argument.FIXED8, 4),

    // Protocol 5.
    BYTEARRAY8(0x96, Argument.BYTES_UINT8, 5),
    NEXT_BUFFER(0x97, Argument.NONE, 5),
    READONLY_BUFFER(0x98, Argument.NONE, 5);

    /** How the bytes after an opcode are laid out; all integers are little-endian. */
    enum Argument {
        NONE,
        /** one unsigned byte */
        UINT1,
        /** two bytes, unsigned */
        UINT2,
        /** four bytes, signed */
        INT4,
        /** four bytes, unsigned */
        UINT4,
        /** eight bytes read as a whole: a big-endian double (BINFLOAT) or a frame length (FRAME) */
        FIXED8,
        /** text up to a newline: a decimal number, a float, a memo index or a persistent id */
        TEXT_LINE,
        /** a quoted, backslash-escaped byte string up to a newline */
        QUOTED_LINE,
        /** raw-unicode-escape text up to a newline */
        RAW_UNICODE_LINE,
        /** module and name, each up to a newline */
        TWO_LINES,
        /** 8-bit string with a 1-byte length */
        STRING_UINT1,
        /** 8-bit string with a signed 4-byte length */
        STRING_INT4,
        /** UTF-8 text with a 1-, 4- or 8-byte unsigned length */
        UTF8_UINT1, UTF8_UINT4, UTF8_UINT8,
        /** opaque bytes with a 1-, 4- or 8-byte unsigned length, or a signed 4-byte length */
        BYTES_UINT1, BYTES_UINT4, BYTES_UINT8, BYTES_INT4
    }

    private static final PickleOpcode[] BY_CODE = new PickleOpcode[256];

    static {
        for (PickleOpcode op : values()) {
            if (BY_CODE[op.code] != null) {
                throw new AssertionError("opcode 0x" + Integer.toHexString(op.code) + " listed twice");
            }
            BY_CODE[op.code] = op;
        }
    }

    final int code;
    final Argument argument;
    final int protocol;

    PickleOpcode(int code, Argument argument, int protocol) {
        this.code = code;
        this.argument = argument;
        this.protocol = protocol;
    }

    /** The opcode for a byte value 0-255, or null when the pickle machine has none. */
    static PickleOpcode of(int code) {
        return BY_CODE[code];
    }
}
