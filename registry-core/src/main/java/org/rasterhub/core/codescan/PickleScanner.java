package org.rasterhub.core.codescan;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lists the globals a Python pickle would import, by reading its opcodes one by one. Nothing is
 * imported, called or built: the stack is emulated with placeholders, keeping only the strings and
 * globals needed to name what STACK_GLOBAL would import, so names computed at load time are reported
 * as unresolved rather than guessed.
 *
 * <p>It fails closed: an import it cannot name (STACK_GLOBAL on computed strings, an extension
 * registry code), a call of anything but an allow-listed global, and, in a pickle that makes calls,
 * any import not on the allow-list (it may reach a call through arguments, containers or the memo)
 * are all dangerous. Only a pickle that calls nothing may name unknown globals, reported as unknown. Work and memory are bounded by {@link #DEFAULT_MAX_BYTES},
 * {@link #MAX_STACK_ITEMS} and {@link #MAX_MEMO_ENTRIES}; nothing recurses.
 *
 * <p>Stateless and thread-safe.
 */
public final class PickleScanner {
    /** Bytes read before giving up; a state dict's data.pkl is kilobytes, its tensors live elsewhere. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;
    /** Stack items and marks held at once; a model's pickle nests a few levels deep. */
    public static final int MAX_STACK_ITEMS = 500_000;
    /** Memo entries; torch.save writes a handful per tensor. */
    public static final int MAX_MEMO_ENTRIES = 500_000;
    /** Longer strings cannot name a module or class worth resolving; they stay opaque. */
    static final int MAX_NAME_BYTES = 1024;
    private static final int MAX_SHOWN_CHARS = 120;

    private final long maxBytes;
    private final PickleImports policy;

    /** A scanner that judges imports as Python's unpickler would resolve them. */
    public PickleScanner() {
        this(DEFAULT_MAX_BYTES, PickleImports.PYTHON);
    }

    PickleScanner(long maxBytes, PickleImports policy) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.policy = policy;
    }

    /**
     * Scans one pickle held in memory, up to its STOP opcode; bytes after STOP are ignored.
     *
     * @throws MalformedPickleException when the bytes are not a complete pickle, or exceed the limits
     */
    public PickleReport scan(byte[] pickle) throws MalformedPickleException {
        try {
            return scan(new ByteArrayInputStream(pickle), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array cannot fail to read", e);
        }
    }

    /**
     * Scans one pickle from a stream, reading exactly up to and including its STOP opcode, so the
     * next pickle of the same stream can be scanned by another call. Pass a buffered stream: it is
     * read a few bytes at a time. The stream is not closed.
     *
     * @throws MalformedPickleException when the bytes are not a complete pickle, or exceed the limits
     * @throws IOException when the stream cannot be read
     */
    public PickleReport scan(InputStream in) throws IOException, MalformedPickleException {
        return scan(in, 0);
    }

    /** As {@link #scan(InputStream)}, with offsets in messages counted from {@code startOffset}. */
    PickleReport scan(InputStream in, long startOffset) throws IOException, MalformedPickleException {
        return new Machine(new Source(in, startOffset, maxBytes), policy).run();
    }

    /** A str on the stack, short enough to be a module or class name. */
    private record Text(String value) {
    }

    /** A global that STACK_GLOBAL or GLOBAL pushed; {@code safe} when it is on the allow-list. */
    private record Global(String qualifiedName, boolean safe) {
    }

    // Anything else: numbers, bytes, containers, call results.
    private static final Object OPAQUE = new Object() {
        @Override
        public String toString() {
            return "<value>";
        }
    };

    /** The pickle machine's stack and memo, run on placeholders. Mirrors CPython's Lib/pickle.py. */
    private static final class Machine {
        private final Source in;
        private final PickleImports policy;
        private final Deque<List<Object>> marks = new ArrayDeque<>();
        private final Map<Long, Object> memo = new HashMap<>();
        private final Set<String> imports = new LinkedHashSet<>();
        private final Set<String> dangerous = new LinkedHashSet<>();
        private final Set<String> unknown = new LinkedHashSet<>();
        private List<Object> stack = new ArrayList<>();
        private int held;
        private int protocol;
        private boolean calls;

        Machine(Source in, PickleImports policy) {
            this.in = in;
            this.policy = policy;
        }

        PickleReport run() throws IOException, MalformedPickleException {
            while (true) {
                PickleOpcode op = in.nextOpcode();
                switch (op) {
                    case STOP -> {
                        pop(op);
                        if (calls) {
                            // an unknown global may be called through arguments, containers or the memo
                            dangerous.addAll(unknown);
                            unknown.clear();
                        }
                        return new PickleReport(protocol, List.copyOf(imports), List.copyOf(dangerous),
                                List.copyOf(unknown));
                    }
                    case PROTO -> {
                        int version = in.uint1();
                        if (version > PickleReport.HIGHEST_PROTOCOL) {
                            throw in.malformed("unsupported protocol " + version + "; Python reads 0 to "
                                    + PickleReport.HIGHEST_PROTOCOL);
                        }
                        protocol = version;
                    }
                    case FRAME -> in.skip(8);
                    case MARK -> {
                        count();
                        marks.push(stack);
                        stack = new ArrayList<>();
                    }
                    case POP -> {
                        if (stack.isEmpty()) {
                            popMark(op);
                        } else {
                            pop(op);
                        }
                    }
                    case POP_MARK -> popMark(op);
                    case DUP -> push(op, top(op));

                    case INT, LONG, FLOAT, PERSID -> {
                        in.line();
                        push(op, OPAQUE);
                    }
                    case BININT1 -> pushSkipped(op, 1);
                    case BININT2 -> pushSkipped(op, 2);
                    case BININT -> pushSkipped(op, 4);
                    case BINFLOAT -> pushSkipped(op, 8);
                    case LONG1, SHORT_BINBYTES -> pushSkipped(op, in.uint1());
                    case LONG4 -> pushSkipped(op, in.nonNegativeInt4("byte count"));
                    case BINBYTES -> pushSkipped(op, in.uint4());
                    case BINBYTES8, BYTEARRAY8 -> pushSkipped(op, in.uint8());
                    case NONE, NEWTRUE, NEWFALSE, EMPTY_LIST, EMPTY_DICT, EMPTY_TUPLE, EMPTY_SET, NEXT_BUFFER ->
                            push(op, OPAQUE);
                    case READONLY_BUFFER -> top(op);

                    case STRING -> push(op, named(PickleStrings.unquote(in, in.line())));
                    case SHORT_BINSTRING -> push(op, text(in.uint1(), StandardCharsets.ISO_8859_1));
                    case BINSTRING -> push(op, text(in.nonNegativeInt4("byte count"), StandardCharsets.ISO_8859_1));
                    case UNICODE -> push(op, named(PickleStrings.rawUnicodeEscape(in, in.line())));
                    case SHORT_BINUNICODE -> push(op, text(in.uint1(), StandardCharsets.UTF_8));
                    case BINUNICODE -> push(op, text(in.uint4(), StandardCharsets.UTF_8));
                    case BINUNICODE8 -> push(op, text(in.uint8(), StandardCharsets.UTF_8));

                    case APPEND, BUILD -> {
                        pop(op);
                        top(op);
                    }
                    case SETITEM -> {
                        pop(op);
                        pop(op);
                        top(op);
                    }
                    case APPENDS, SETITEMS, ADDITEMS -> {
                        popMark(op);
                        top(op);
                    }
                    case LIST, TUPLE, DICT, FROZENSET -> {
                        popMark(op);
                        push(op, OPAQUE);
                    }
                    case TUPLE1, BINPERSID -> replaceTop(op, 1);
                    case TUPLE2 -> replaceTop(op, 2);
                    case TUPLE3 -> replaceTop(op, 3);
                    case REDUCE, NEWOBJ -> {
                        pop(op);
                        call(pop(op));
                        push(op, OPAQUE);
                    }
                    case NEWOBJ_EX -> {
                        pop(op);
                        pop(op);
                        call(pop(op));
                        push(op, OPAQUE);
                    }

                    case GLOBAL -> {
                        Line module = in.line();
                        Line name = in.line();
                        push(op, global(module.utf8(), name.utf8()));
                    }
                    case INST -> {
                        Line module = in.line();
                        Line name = in.line();
                        String shown = record(module.utf8(), name.utf8());
                        call(new Global(shown, policy.classify(module.utf8(), name.utf8())
                                == PickleImports.Verdict.SAFE));
                        popMark(op);
                        push(op, OPAQUE);
                    }
                    case STACK_GLOBAL -> {
                        Object name = pop(op);
                        Object module = pop(op);
                        if (module instanceof Text m && name instanceof Text n) {
                            push(op, global(m.value(), n.value()));
                        } else {
                            recordUnnamed("unresolved import at byte " + in.opcodeOffset()
                                    + " (STACK_GLOBAL with a module or name computed at load time)");
                            push(op, OPAQUE);
                        }
                    }
                    case OBJ -> {
                        List<Object> items = popMark(op);
                        if (items.isEmpty()) {
                            throw in.malformed("OBJ needs a class after the MARK");
                        }
                        call(items.get(0));
                        push(op, OPAQUE);
                    }
                    case EXT1 -> extension(op, in.uint1());
                    case EXT2 -> extension(op, in.uint2());
                    case EXT4 -> extension(op, in.int4());

                    case GET -> push(op, recall(in.line().memoIndex(in)));
                    case BINGET -> push(op, recall(in.uint1()));
                    case LONG_BINGET -> push(op, recall(in.uint4()));
                    case PUT -> remember(op, in.line().memoIndex(in));
                    case BINPUT -> remember(op, in.uint1());
                    case LONG_BINPUT -> remember(op, in.uint4());
                    case MEMOIZE -> remember(op, memo.size());
                    default -> throw new AssertionError("opcode " + op + " has no handler");
                }
            }
        }

        private String record(String module, String name) {
            String shown = PickleStrings.shown(module + "." + name, MAX_SHOWN_CHARS);
            imports.add(shown);
            switch (policy.classify(module, name)) {
                case DANGEROUS -> dangerous.add(shown);
                case UNKNOWN -> unknown.add(shown);
                case SAFE -> { }
            }
            return shown;
        }

        private Global global(String module, String name) {
            String shown = record(module, name);
            return new Global(shown, policy.classify(module, name) == PickleImports.Verdict.SAFE);
        }

        // Unpickling calls this: only an allow-listed global may be called.
        private void call(Object callable) {
            calls = true;
            if (callable instanceof Global g) {
                if (!g.safe() && unknown.remove(g.qualifiedName())) {
                    dangerous.add(g.qualifiedName());
                }
            } else {
                recordUnnamed("call at byte " + in.opcodeOffset() + " of a value computed at load time");
            }
        }

        // What cannot be named cannot be judged safe.
        private void recordUnnamed(String description) {
            imports.add(description);
            dangerous.add(description);
        }

        private void extension(PickleOpcode op, long code) throws MalformedPickleException {
            if (code <= 0) {
                throw in.malformed("extension code must be positive, was " + code);
            }
            recordUnnamed("extension registry code " + code);
            push(op, OPAQUE);
        }

        private Object text(long length, Charset charset) throws IOException, MalformedPickleException {
            if (length > MAX_NAME_BYTES) {
                in.skip(length);
                return OPAQUE;
            }
            return new Text(new String(in.bytes((int) length), charset));
        }

        private static Object named(String text) {
            return text == null ? OPAQUE : new Text(text);
        }

        private void pushSkipped(PickleOpcode op, long length) throws IOException, MalformedPickleException {
            in.skip(length);
            push(op, OPAQUE);
        }

        private Object recall(long index) throws MalformedPickleException {
            Object value = memo.get(index);
            if (value == null) {
                throw in.malformed("memo entry " + index + " was never stored");
            }
            return value;
        }

        private void remember(PickleOpcode op, long index) throws MalformedPickleException {
            if (index < 0) {
                throw in.malformed("negative memo index " + index);
            }
            Object value = top(op);
            if (memo.size() >= MAX_MEMO_ENTRIES && !memo.containsKey(index)) {
                throw in.malformed("more than " + MAX_MEMO_ENTRIES + " memo entries; the scan limit");
            }
            memo.put(index, value);
        }

        private void push(PickleOpcode op, Object value) throws MalformedPickleException {
            count();
            stack.add(value);
        }

        private void count() throws MalformedPickleException {
            if (++held > MAX_STACK_ITEMS) {
                throw in.malformed("more than " + MAX_STACK_ITEMS + " items on the stack; the scan limit");
            }
        }

        private Object pop(PickleOpcode op) throws MalformedPickleException {
            if (stack.isEmpty()) {
                throw in.malformed(op + " finds the stack empty" + (marks.isEmpty() ? "" : " above the MARK"));
            }
            held--;
            return stack.remove(stack.size() - 1);
        }

        private Object top(PickleOpcode op) throws MalformedPickleException {
            if (stack.isEmpty()) {
                throw in.malformed(op + " finds the stack empty" + (marks.isEmpty() ? "" : " above the MARK"));
            }
            return stack.get(stack.size() - 1);
        }

        private void replaceTop(PickleOpcode op, int consumed) throws MalformedPickleException {
            for (int i = 0; i < consumed; i++) {
                pop(op);
            }
            push(op, OPAQUE);
        }

        private List<Object> popMark(PickleOpcode op) throws MalformedPickleException {
            if (marks.isEmpty()) {
                throw in.malformed(op + " needs a MARK and there is none");
            }
            List<Object> items = stack;
            held -= items.size() + 1;
            stack = marks.pop();
            return items;
        }
    }

    /** A newline-terminated argument; only its first {@link #MAX_NAME_BYTES} bytes are kept. */
    record Line(byte[] kept, boolean cut) {
        String utf8() {
            return new String(kept, StandardCharsets.UTF_8) + (cut ? "…" : "");
        }

        long memoIndex(Source in) throws MalformedPickleException {
            String text = new String(kept, StandardCharsets.ISO_8859_1).strip();
            try {
                if (cut) {
                    throw new NumberFormatException();
                }
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw in.malformed("expected a memo index, found \"" + PickleStrings.shown(text, 40) + "\"");
            }
        }
    }

    /** The pickle bytes, with the offset of the opcode being read for messages. */
    static final class Source {
        private final InputStream in;
        private final long start;
        private final long limit;
        private long position;
        private long opcodeOffset;
        private int opcode = MalformedPickleException.NO_OPCODE;

        Source(InputStream in, long startOffset, long maxBytes) {
            this.in = in;
            this.start = startOffset;
            this.position = startOffset;
            this.limit = startOffset + maxBytes;
        }

        PickleOpcode nextOpcode() throws IOException, MalformedPickleException {
            opcodeOffset = position;
            opcode = MalformedPickleException.NO_OPCODE;
            if (position >= limit) {
                throw malformed("no STOP within the scan limit of " + (limit - start) + " bytes");
            }
            int b = in.read();
            if (b < 0) {
                throw malformed("the data ends before the STOP opcode; the pickle is truncated");
            }
            position++;
            opcode = b;
            PickleOpcode op = PickleOpcode.of(b);
            if (op == null) {
                throw malformed("unknown opcode; Python's pickle machine (protocols 0-5) has none with this code");
            }
            return op;
        }

        long opcodeOffset() {
            return opcodeOffset;
        }

        MalformedPickleException malformed(String problem) {
            return new MalformedPickleException(opcodeOffset, opcode, problem);
        }

        int uint1() throws IOException, MalformedPickleException {
            need(1);
            int b = in.read();
            if (b < 0) {
                throw truncated();
            }
            position++;
            return b;
        }

        int uint2() throws IOException, MalformedPickleException {
            return (int) little(2);
        }

        long int4() throws IOException, MalformedPickleException {
            return (int) little(4);
        }

        long uint4() throws IOException, MalformedPickleException {
            return little(4);
        }

        long nonNegativeInt4(String what) throws IOException, MalformedPickleException {
            long value = int4();
            if (value < 0) {
                throw malformed("negative " + what + " " + value);
            }
            return value;
        }

        long uint8() throws IOException, MalformedPickleException {
            long value = little(8);
            if (value < 0) {
                throw malformed("an argument of " + Long.toUnsignedString(value) + " bytes runs past the scan limit of "
                        + (limit - start) + " bytes");
            }
            return value;
        }

        byte[] bytes(int length) throws IOException, MalformedPickleException {
            need(length);
            byte[] bytes = in.readNBytes(length);
            position += bytes.length;
            if (bytes.length < length) {
                throw truncated();
            }
            return bytes;
        }

        void skip(long length) throws IOException, MalformedPickleException {
            need(length);
            long left = length;
            byte[] buffer = null;
            while (left > 0) {
                long skipped = in.skip(left);
                if (skipped <= 0) {
                    // skip() may refuse without meaning end of data; read() tells.
                    if (buffer == null) {
                        buffer = new byte[8192];
                    }
                    int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                    if (read < 0) {
                        position += length - left;
                        throw truncated();
                    }
                    skipped = read;
                }
                left -= skipped;
            }
            position += length;
        }

        Line line() throws IOException, MalformedPickleException {
            byte[] kept = new byte[64];
            int keptLength = 0;
            boolean cut = false;
            while (true) {
                need(1);
                int b = in.read();
                if (b < 0) {
                    throw malformed("the data ends inside a text argument; no newline was found");
                }
                position++;
                if (b == '\n') {
                    byte[] exact = Arrays.copyOf(kept, keptLength);
                    return new Line(exact, cut);
                }
                if (keptLength < MAX_NAME_BYTES) {
                    if (keptLength == kept.length) {
                        kept = Arrays.copyOf(kept, kept.length * 2);
                    }
                    kept[keptLength++] = (byte) b;
                } else {
                    cut = true;
                }
            }
        }

        private long little(int width) throws IOException, MalformedPickleException {
            byte[] bytes = bytes(width);
            long value = 0;
            for (int i = width - 1; i >= 0; i--) {
                value = (value << 8) | (bytes[i] & 0xff);
            }
            return value;
        }

        private void need(long length) throws MalformedPickleException {
            if (length > limit - position) {
                throw malformed("an argument of " + length + " bytes runs past the scan limit of "
                        + (limit - start) + " bytes");
            }
        }

        private MalformedPickleException truncated() {
            return malformed("the data ends inside the opcode's argument; the pickle is truncated");
        }
    }
}
