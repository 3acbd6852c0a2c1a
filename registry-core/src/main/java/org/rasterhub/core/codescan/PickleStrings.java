package org.rasterhub.core.codescan;

import java.nio.charset.StandardCharsets;

/** Decodes the text arguments of protocol 0 the way CPython's unpickler does, and prints names safely. */
final class PickleStrings {
    private PickleStrings() {
    }

    /**
     * STRING's argument: a quoted literal with Python bytes escapes, read as Latin-1; null when the
     * line was too long to keep.
     */
    static String unquote(PickleScanner.Source in, PickleScanner.Line line) throws MalformedPickleException {
        if (line.cut()) {
            return null;
        }
        byte[] b = line.kept();
        int n = b.length;
        if (n < 2 || b[0] != b[n - 1] || (b[0] != '\'' && b[0] != '"')) {
            throw in.malformed("the STRING argument must be quoted, found \""
                    + shown(new String(b, StandardCharsets.ISO_8859_1), 40) + "\"");
        }
        StringBuilder out = new StringBuilder(n);
        for (int i = 1; i < n - 1; i++) {
            char c = (char) (b[i] & 0xff);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i >= n - 1) {
                throw in.malformed("the STRING argument ends with a lone backslash");
            }
            char e = (char) (b[i] & 0xff);
            switch (e) {
                case '\n' -> { }
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case 'x' -> {
                    int hi = i + 1 < n - 1 ? Character.digit(b[i + 1], 16) : -1;
                    int lo = i + 2 < n - 1 ? Character.digit(b[i + 2], 16) : -1;
                    if (hi < 0 || lo < 0) {
                        throw in.malformed("invalid \\x escape in the STRING argument");
                    }
                    out.append((char) (hi * 16 + lo));
                    i += 2;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int value = e - '0';
                        for (int k = 0; k < 2 && i + 1 < n - 1 && b[i + 1] >= '0' && b[i + 1] <= '7'; k++) {
                            value = value * 8 + (b[++i] - '0');
                        }
                        out.append((char) (value & 0xff));
                    } else {
                        out.append('\\').append(e);
                    }
                }
            }
        }
        return out.toString();
    }

    /**
     * UNICODE's argument: Latin-1 text where an odd run of backslashes before u or U starts a
     * \\uXXXX or \\UXXXXXXXX escape; null when the line was too long to keep.
     */
    static String rawUnicodeEscape(PickleScanner.Source in, PickleScanner.Line line) throws MalformedPickleException {
        if (line.cut()) {
            return null;
        }
        byte[] b = line.kept();
        StringBuilder out = new StringBuilder(b.length);
        int i = 0;
        while (i < b.length) {
            char c = (char) (b[i] & 0xff);
            if (c != '\\') {
                out.append(c);
                i++;
                continue;
            }
            int run = 0;
            while (i < b.length && b[i] == '\\') {
                out.append('\\');
                run++;
                i++;
            }
            if (run % 2 == 0 || i >= b.length || (b[i] != 'u' && b[i] != 'U')) {
                continue;
            }
            out.setLength(out.length() - 1);
            int digits = b[i] == 'u' ? 4 : 8;
            i++;
            int codePoint = 0;
            for (int k = 0; k < digits; k++, i++) {
                int d = i < b.length ? Character.digit(b[i], 16) : -1;
                if (d < 0) {
                    throw in.malformed("truncated \\u escape in the UNICODE argument");
                }
                codePoint = codePoint * 16 + d;
            }
            if (codePoint < 0 || codePoint > Character.MAX_CODE_POINT) {
                throw in.malformed("\\U escape beyond U+10FFFF in the UNICODE argument");
            }
            out.appendCodePoint(codePoint);
        }
        return out.toString();
    }

    /** A name fit for a report line: control characters escaped, cut to {@code max} characters. */
    static String shown(String text, int max) {
        StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
        for (int i = 0; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(c < 0x100 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (out.length() >= max && text.length() > max) {
            out.setLength(max);
            out.append('…');
        }
        return out.toString();
    }
}
