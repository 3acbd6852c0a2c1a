package org.rasterhub.portal.characteristics;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads metrics out of an HTML file from a package ({@code metrics.html}, {@code model_metrics.html})
 * as text, never as markup. A deliberately small scanner, not an HTML parser: it keeps the text of
 * table cells and of lines, decodes character references, and drops every tag with its attributes
 * and the whole content of script-like elements. Two-column tables and "name: value" lines become
 * metrics; wider tables (per class) become tables. Everything it returns is plain text, cut to
 * the limits below, for callers to show as text.
 *
 * <p>Stateless and thread-safe.
 */
public final class MetricsHtml {
    /** Characters read; the caller reads at most {@link #MAX_BYTES} bytes, so this is only a backstop. */
    public static final int MAX_BYTES = 1024 * 1024;
    public static final int MAX_CELL_CHARS = 200;
    public static final int MAX_NAME_CHARS = 80;
    public static final int MAX_ROWS = 500;
    public static final int MAX_COLUMNS = 30;
    public static final int MAX_TABLES = 20;
    public static final int MAX_METRICS = 200;
    private static final int MAX_LINE_CHARS = 1000;
    private static final int MAX_NESTED_TABLES = 8;

    /** Elements whose content is code, styling or hidden text, never metrics: skipped to their end tag. */
    private static final Set<String> SKIPPED = Set.of("script", "style", "iframe", "frame", "frameset", "noscript",
            "template", "textarea", "title", "xmp", "noembed", "noframes", "object", "svg", "math", "select");
    /** Elements that end a line of text outside tables. */
    private static final Set<String> BLOCKS = Set.of("p", "br", "div", "li", "ul", "ol", "dl", "dt", "dd", "hr",
            "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer", "main", "body", "html",
            "pre", "blockquote", "center", "form", "fieldset", "legend", "figure", "figcaption", "address");
    private static final Map<String, String> NAMED_REFERENCES = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ", "times", "×", "plusmn", "±", "deg", "°", "minus", "−");
    private static final Pattern NAME_VALUE = Pattern.compile("^([^:=]{1," + MAX_NAME_CHARS + "}?)\\s*[:=]\\s*(\\S.*)$");
    private static final Pattern NUMBER = Pattern.compile("^[-+−]?\\d+(?:[.,]\\d+)?(?:[eE][-+]?\\d+)?\\s*%?$");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});?");

    private MetricsHtml() {
    }

    /**
     * @param source the file's path in the package, named in every metric and note
     * @param html   the file's text; whatever it holds
     */
    public static MetricsFound parse(String source, String html) {
        Scanner scanner = new Scanner(source);
        scanner.scan(html.length() > MAX_BYTES ? html.substring(0, MAX_BYTES) : html);
        return scanner.result();
    }

    /** Walks the text once, left to right; every loop step moves forward. */
    private static final class Scanner {
        private final String source;
        private final List<String> lines = new ArrayList<>();
        private final StringBuilder line = new StringBuilder();
        private final Deque<TableBuilder> open = new ArrayDeque<>();
        private final List<Metric> metrics = new ArrayList<>();
        private final List<MetricsTable> tables = new ArrayList<>();
        private final List<String> notes = new ArrayList<>();
        private int tablesSeen;
        private boolean metricsCut;

        Scanner(String source) {
            this.source = source;
        }

        void scan(String html) {
            int i = 0;
            int length = html.length();
            while (i < length) {
                int lt = html.indexOf('<', i);
                if (lt < 0) {
                    text(html.substring(i));
                    break;
                }
                text(html.substring(i, lt));
                i = markup(html, lt);
            }
            while (!open.isEmpty()) {
                closeTable();
            }
            endLine();
        }

        /** Handles what starts at {@code lt}; returns where scanning goes on. */
        private int markup(String html, int lt) {
            if (html.startsWith("<!--", lt)) {
                int end = html.indexOf("-->", lt + 4);
                return end < 0 ? html.length() : end + 3;
            }
            int next = lt + 1;
            if (next >= html.length()) {
                text("<");
                return html.length();
            }
            char c = html.charAt(next);
            if (c == '!' || c == '?') { // doctype, CDATA, processing instruction: nothing to show
                int end = html.indexOf('>', next);
                return end < 0 ? html.length() : end + 1;
            }
            boolean closing = c == '/';
            int nameStart = closing ? next + 1 : next;
            int nameEnd = nameStart;
            while (nameEnd < html.length() && Character.isLetterOrDigit(html.charAt(nameEnd)) && nameEnd - nameStart < 20) {
                nameEnd++;
            }
            if (nameEnd == nameStart || !Character.isLetter(html.charAt(nameStart))) {
                if (closing) { // "</ …>" is a bogus comment in HTML
                    int end = html.indexOf('>', next);
                    return end < 0 ? html.length() : end + 1;
                }
                text("<");
                return next;
            }
            String name = html.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT);
            int end = tagEnd(html, nameEnd);
            if (end < 0) {
                return html.length(); // an unterminated tag runs to the end: nothing after it is text
            }
            if (!closing && SKIPPED.contains(name)) {
                return skipContent(html, end + 1, name);
            }
            tag(name, closing);
            return end + 1;
        }

        /** The '>' ending a tag, outside quoted attribute values; -1 when there is none. */
        private static int tagEnd(String html, int from) {
            char quote = 0;
            for (int i = from; i < html.length(); i++) {
                char c = html.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '>') {
                    return i;
                }
            }
            return -1;
        }

        /** Skips past the end tag of a script-like element; without one, to the end, as browsers do. */
        private static int skipContent(String html, int from, String name) {
            for (int close = html.indexOf("</", from); close >= 0; close = html.indexOf("</", close + 2)) {
                if (html.regionMatches(true, close + 2, name, 0, name.length())) {
                    int end = tagEnd(html, close + 2 + name.length());
                    return end < 0 ? html.length() : end + 1;
                }
            }
            return html.length();
        }

        private void tag(String name, boolean closing) {
            TableBuilder table = open.peek();
            switch (name) {
                case "table" -> {
                    if (closing) {
                        if (table != null) {
                            closeTable();
                        }
                    } else if (open.size() < MAX_NESTED_TABLES) { // deeper ones merge into the one around them
                        if (table == null) {
                            endLine();
                        }
                        open.push(new TableBuilder());
                    }
                }
                case "tr" -> {
                    if (table != null) {
                        table.endRow();
                        if (!closing) {
                            table.startRow();
                        }
                    }
                }
                case "td", "th" -> {
                    if (table != null) {
                        table.endCell();
                        if (!closing) {
                            table.startCell(name.equals("th"));
                        }
                    }
                }
                case "caption" -> {
                    if (table != null) {
                        table.inCaption = !closing;
                    }
                }
                default -> {
                    if (BLOCKS.contains(name)) {
                        if (table != null) {
                            table.append(" ");
                        } else {
                            endLine();
                        }
                    }
                }
            }
        }

        private void text(String raw) {
            if (raw.isEmpty()) {
                return;
            }
            String decoded = decode(raw);
            TableBuilder table = open.peek();
            if (table != null) {
                table.append(decoded);
            } else if (line.length() < MAX_LINE_CHARS) {
                appendCollapsed(line, decoded, MAX_LINE_CHARS);
            }
        }

        private void endLine() {
            String text = line.toString().strip();
            line.setLength(0);
            if (!text.isEmpty()) {
                lines.add(text);
            }
        }

        private void closeTable() {
            TableBuilder table = open.pop();
            table.endRow();
            tablesSeen++;
            emit(table);
        }

        private void emit(TableBuilder table) {
            List<TableBuilder.Row> rows = table.rows.stream().filter(r -> r.cells.stream().anyMatch(c -> !c.isEmpty()))
                    .toList();
            if (rows.isEmpty()) {
                return;
            }
            int width = Math.min(MAX_COLUMNS, rows.stream().mapToInt(r -> r.cells.size()).max().orElse(0));
            List<String> header = new ArrayList<>();
            int first = 0;
            // Leading rows of header cells make one header; pandas writes the index name in a second one.
            while (first < rows.size() && rows.get(first).allHeader && rows.size() - first > 1) {
                List<String> cells = rows.get(first).cells;
                for (int c = 0; c < Math.min(width, cells.size()); c++) {
                    if (c >= header.size()) {
                        header.add(cells.get(c));
                    } else if (header.get(c).isEmpty()) {
                        header.set(c, cells.get(c));
                    }
                }
                first++;
            }
            List<TableBuilder.Row> body = rows.subList(first, rows.size());
            if (width == 1) {
                body.forEach(r -> lines.add(r.cells.get(0)));
                return;
            }
            if (width == 2) {
                for (TableBuilder.Row row : body) {
                    if (row.cells.size() == 2) {
                        addMetric(row.cells.get(0), row.cells.get(1));
                    }
                }
                return;
            }
            if (tables.size() >= MAX_TABLES) {
                notes.add(source + ": only the first " + MAX_TABLES + " tables are shown");
                return;
            }
            while (header.size() < width) {
                header.add("");
            }
            List<List<String>> cells = new ArrayList<>();
            for (TableBuilder.Row row : body.subList(0, Math.min(body.size(), MAX_ROWS))) {
                List<String> padded = new ArrayList<>(row.cells.subList(0, Math.min(width, row.cells.size())));
                while (padded.size() < width) {
                    padded.add("");
                }
                cells.add(padded);
            }
            if (body.size() > MAX_ROWS) {
                notes.add(source + ": a table of " + body.size() + " rows is cut to its first " + MAX_ROWS);
            }
            if (rows.get(0).cells.size() > MAX_COLUMNS) {
                notes.add(source + ": a table is cut to its first " + MAX_COLUMNS + " columns");
            }
            tables.add(new MetricsTable(source, table.caption(), header, cells));
        }

        private void addMetric(String name, String value) {
            if (name.isEmpty() || value.isEmpty() || name.codePoints().noneMatch(Character::isLetter)) {
                return;
            }
            if (metrics.size() >= MAX_METRICS) {
                if (!metricsCut) {
                    notes.add(source + ": only the first " + MAX_METRICS + " metrics are shown");
                    metricsCut = true;
                }
                return;
            }
            metrics.add(new Metric(source, cut(name, MAX_NAME_CHARS), cut(value, MAX_CELL_CHARS)));
        }

        MetricsFound result() {
            String label = null;
            for (String text : lines) {
                Matcher pair = NAME_VALUE.matcher(text);
                if (pair.matches() && !pair.group(2).startsWith("//")) {
                    addMetric(pair.group(1).strip(), pair.group(2).strip());
                    label = null;
                } else if (label != null && NUMBER.matcher(text).matches()) {
                    addMetric(label, text); // a heading, then its number on the next line
                    label = null;
                } else {
                    label = text.length() <= MAX_NAME_CHARS && !NUMBER.matcher(text).matches() ? text : null;
                }
            }
            if (tablesSeen > 0 && metrics.isEmpty() && tables.isEmpty()) {
                notes.add(source + ": its tables hold no metrics that could be read");
            }
            return new MetricsFound(metrics, tables, notes);
        }
    }

    /** Rows and cells of one table as they are scanned. */
    private static final class TableBuilder {
        final List<Row> rows = new ArrayList<>();
        private final StringBuilder caption = new StringBuilder();
        private Row row;
        private StringBuilder cell;
        boolean inCaption;

        static final class Row {
            final List<String> cells = new ArrayList<>();
            boolean allHeader = true;
        }

        void startRow() {
            row = new Row();
        }

        void endRow() {
            endCell();
            if (row != null && !row.cells.isEmpty() && rows.size() <= MAX_ROWS) {
                rows.add(row);
            }
            row = null;
        }

        void startCell(boolean header) {
            if (row == null) {
                startRow();
            }
            if (row.cells.size() >= MAX_COLUMNS + 1) {
                return; // cut: later cells of a very wide row are dropped
            }
            row.allHeader &= header;
            cell = new StringBuilder();
        }

        void endCell() {
            if (cell != null && row != null) {
                row.cells.add(cut(cell.toString().strip(), MAX_CELL_CHARS));
            }
            cell = null;
        }

        void append(String text) {
            if (cell != null) {
                appendCollapsed(cell, text, MAX_CELL_CHARS + 1);
            } else if (inCaption) {
                appendCollapsed(caption, text, MAX_CELL_CHARS + 1);
            }
        }

        String caption() {
            return cut(caption.toString().strip(), MAX_CELL_CHARS);
        }
    }

    /** Appends text with runs of white space made one space and control characters dropped. */
    private static void appendCollapsed(StringBuilder target, String text, int limit) {
        for (int i = 0; i < text.length() && target.length() < limit; i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                if (target.length() > 0 && target.charAt(target.length() - 1) != ' ') {
                    target.append(' ');
                }
            } else if (!invisible(c)) {
                target.append(c);
            }
        }
    }

    /** Control and format characters (bidi overrides, zero-width joiners) could disguise text. */
    private static boolean invisible(char c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE;
    }

    /** Decodes numeric and a few named character references; others stay as written. */
    static String decode(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher reference = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String body = reference.group(1);
            String replacement;
            if (body.startsWith("#x") || body.startsWith("#X")) {
                replacement = codePoint(Integer.parseInt(body.substring(2), 16));
            } else if (body.startsWith("#")) {
                replacement = codePoint(Integer.parseInt(body.substring(1)));
            } else {
                replacement = NAMED_REFERENCES.get(body.toLowerCase(Locale.ROOT));
            }
            reference.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? reference.group() : replacement));
        }
        reference.appendTail(out);
        return out.toString();
    }

    private static String codePoint(int value) {
        return Character.isValidCodePoint(value) && value != 0 && !(value >= 0xD800 && value <= 0xDFFF)
                ? new String(Character.toChars(value)) : "\uFFFD";
    }

    static String cut(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }
}
