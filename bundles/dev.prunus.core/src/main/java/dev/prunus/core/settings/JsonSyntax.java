package dev.prunus.core.settings;

/**
 * Finds the first syntax error of a JSON text and says it the way a person fixing the file needs it: at the line
 * and column of the real mistake (the end of the value a comma should follow, the string that is never closed),
 * in plain words. Gson reports where its parser gave up, often a line later, in its own terms.
 */
public final class JsonSyntax {

    /** Deepest nesting of objects and arrays accepted; a settings file needs four levels. */
    static final int MAX_DEPTH = 64;
    /** Positions are kept for paths up to this length: a setting's path is a few words, longer ones are never asked. */
    static final int MAX_PATH = 1024;

    private static final String COMMENT = "JSON has no comments; remove this one";

    /** A 1-based line and column in the text. */
    public record Position(int line, int column) {
        /** Where nothing better is known: the start of the file. */
        public static final Position START = new Position(1, 1);

        @Override
        public String toString() {
            return "line " + line + ", column " + column;
        }
    }

    /**
     * Where every key and value of a well-formed text is, by path ({@code "budget/flashBytes"}; array items by
     * index), in document order, so that a problem found after parsing is reported where it is.
     */
    public record Layout(java.util.Map<String, Position> keys, java.util.Map<String, Position> values) {
    }

    /** The result of a scan: the first syntax error, or the layout of a well-formed text. */
    public record Scan(Error error, Layout layout) {
    }

    /** A syntax error: 1-based line and column, and what to do. */
    public record Error(int line, int column, String message) {
        /** e.g. {@code line 4, column 19: a comma is missing ...}. */
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    private final String text;
    private final java.util.Map<String, Position> keys = new java.util.LinkedHashMap<>();
    private final java.util.Map<String, Position> values = new java.util.LinkedHashMap<>();
    /** Path of the value being read ("budget/flashBytes"), and where each level's segment starts in it. */
    private final StringBuilder path = new StringBuilder();
    private final java.util.ArrayDeque<Integer> pathStarts = new java.util.ArrayDeque<>();
    private int pos;
    /** End of the last complete value, where a missing comma belongs. */
    private int lastValueEnd;

    private int countedTo;
    private int countedLine = 1;
    private int countedColumn = 1;

    private JsonSyntax(String text) {
        this.text = text;
    }

    /** The first syntax error of the text, or null when it is well-formed (strict JSON). */
    public static Error check(String text) {
        return scan(text).error();
    }

    /**
     * Checks the text as strict JSON (no comments, single quotes, NaN or duplicate keys; at most {@link #MAX_DEPTH}
     * levels) and, when it is well-formed, says where each key and value is.
     */
    public static Scan scan(String text) {
        JsonSyntax s = new JsonSyntax(text);
        try {
            s.skipSpace();
            if (s.pos >= text.length()) {
                return new Scan(s.error(s.pos, "the file is empty; a settings file holds one JSON object { ... }"),
                        null);
            }
            s.value();
            s.skipSpace();
            if (s.pos < text.length()) {
                return new Scan(s.error(s.pos, "unexpected text after the end of the settings object; remove it"),
                        null);
            }
            return new Scan(null, new Layout(java.util.Collections.unmodifiableMap(s.keys),
                    java.util.Collections.unmodifiableMap(s.values)));
        } catch (Failure f) {
            return new Scan(f.error, null);
        }
    }

    private static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Error error;

        Failure(Error error) {
            super(error.toString(), null, false, false);
            this.error = error;
        }
    }

    private Error error(int at, String message) {
        Position p = position(at);
        return new Error(p.line(), p.column(), message);
    }

    /**
     * Line and column of an offset. Counted on from the last offset asked for when it lies ahead (the scan only
     * moves forward), so a file costs one pass, not one pass per value (the fuzzer's 3 KB input took seconds).
     */
    private Position position(int at) {
        if (at < countedTo) {
            countedTo = 0;
            countedLine = 1;
            countedColumn = 1;
        }
        for (int i = countedTo; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                countedLine++;
                countedColumn = 1;
            } else {
                countedColumn++;
            }
        }
        countedTo = Math.max(countedTo, Math.min(at, text.length()));
        return new Position(countedLine, countedColumn);
    }

    private Failure fail(int at, String message) {
        return new Failure(error(at, message));
    }

    /** Enters one level of the path; appending keeps a file's cost linear however deep and long its keys are. */
    private void push(String segment) {
        int start = path.length();
        if (!pathStarts.isEmpty()) {
            path.append('/');
        }
        pathStarts.addLast(start);
        path.append(segment);
    }

    private void pop() {
        path.setLength(pathStarts.removeLast());
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private void value() {
        skipSpace();
        if (pos >= text.length()) {
            throw fail(pos, "the file ends where a value is expected");
        }
        char c = text.charAt(pos);
        if (path.length() <= MAX_PATH) {
            values.put(path.toString(), position(pos));
        }
        if ((c == '{' || c == '[') && pathStarts.size() >= MAX_DEPTH) {
            throw fail(pos, "objects and lists are nested more than " + MAX_DEPTH + " levels deep; a settings file "
                    + "needs a few");
        }
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            default -> literal();
        }
        lastValueEnd = pos;
    }

    private void object() {
        int open = pos++;
        java.util.Set<String> seen = new java.util.HashSet<>();
        skipSpace();
        if (at('}')) {
            pos++;
            return;
        }
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                throw unclosed(open, '{', '}');
            }
            char c = text.charAt(pos);
            if (c == '}') {
                throw fail(lastComma, "a comma before } ends the object; remove this comma");
            }
            if (c != '"' && (Character.isDigit(c) || c == '-') && lastComma > 0 && lastComma == lastValueEnd) {
                throw fail(lastComma, "numbers use a dot for decimals, like 0.5; a comma here starts a new key");
            }
            if (c == '/') {
                throw fail(pos, COMMENT);
            }
            if (c != '"') {
                int end = wordEnd(pos);
                throw fail(pos, "a key must be text in double quotes, like \"" + text.substring(pos, end)
                        + "\"; found " + describe(pos));
            }
            int keyStart = pos;
            string();
            String key = text.substring(keyStart, pos);
            skipSpace();
            if (!at(':')) {
                throw fail(pos, "a colon is missing after the key " + key + " (write " + key + ": value)");
            }
            pos++;
            String name = unquote(key);
            if (!seen.add(name)) {
                throw fail(keyStart, "the key " + key + " appears twice in this object; keep one");
            }
            push(name);
            if (path.length() <= MAX_PATH) {
                keys.put(path.toString(), position(keyStart));
            }
            value();
            pop();
            skipSpace();
            if (pos >= text.length()) {
                throw unclosed(open, '{', '}');
            }
            c = text.charAt(pos);
            if (c == ',') {
                lastComma = pos++;
                continue;
            }
            if (c == '}') {
                pos++;
                return;
            }
            throw fail(lastValueEnd, c == '"' ? "a comma is missing after this value, before the next key"
                    : "a comma or } is missing after this value; found " + describe(pos));
        }
    }

    private int lastComma;

    private void array() {
        int open = pos++;
        skipSpace();
        if (at(']')) {
            pos++;
            return;
        }
        for (int index = 0;; index++) {
            skipSpace();
            if (at(']')) {
                throw fail(lastComma, "a comma before ] ends the list; remove this comma");
            }
            push(Integer.toString(index));
            value();
            pop();
            skipSpace();
            if (pos >= text.length()) {
                throw unclosed(open, '[', ']');
            }
            char c = text.charAt(pos);
            if (c == ',') {
                lastComma = pos++;
                continue;
            }
            if (c == ']') {
                pos++;
                return;
            }
            throw fail(lastValueEnd, "a comma or ] is missing after this value; found " + describe(pos));
        }
    }

    /** A backslash starts one of JSON's escapes: \\" \\\\ \\/ \\b \\f \\n \\r \\t or \\u and four hex digits. */
    private void checkEscape(int at) {
        char e = at + 1 < text.length() ? text.charAt(at + 1) : '\n';
        if ("\"\\/bfnrt".indexOf(e) >= 0) {
            return;
        }
        if (e == 'u' && at + 6 <= text.length() && text.substring(at + 2, at + 6).matches("[0-9a-fA-F]{4}")) {
            pos += 4;
            return;
        }
        throw fail(at, "this backslash starts no escape JSON knows; write \\\\ for a backslash (Windows paths may "
                + "use / instead)");
    }

    private Failure unclosed(int open, char opening, char closing) {
        return fail(open, "this " + opening + " is never closed; add " + closing + " where it should end");
    }

    /** The text of a quoted key; its escapes resolved as JSON defines them. */
    private static String unquote(String quoted) {
        String inner = quoted.substring(1, quoted.length() - 1);
        if (inner.indexOf('\\') < 0) {
            return inner;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c != '\\' || i + 1 >= inner.length()) {
                b.append(c);
                continue;
            }
            char e = inner.charAt(++i);
            switch (e) {
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case 'r' -> b.append('\r');
                case 'b' -> b.append('\b');
                case 'f' -> b.append('\f');
                case 'u' -> {
                    b.append((char) Integer.parseInt(inner.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> b.append(e);
            }
        }
        return b.toString();
    }

    private void string() {
        int start = pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
                checkEscape(pos);
                pos += 2;
                continue;
            }
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\n') {
                break;
            }
            if (c < 0x20) {
                throw fail(pos, "a control character (code " + (int) c + ") is inside this text; write it as an "
                        + "escape like \\t, or remove it");
            }
            pos++;
        }
        throw fail(start, "this text has no closing double quote on its line");
    }

    private void literal() {
        int start = pos;
        int end = wordEnd(pos);
        String word = text.substring(start, end);
        if (word.startsWith("/")) {
            throw fail(start, COMMENT);
        }
        if (word.isEmpty()) {
            throw fail(start, "a value is expected here (a number, \"text\", true, false, null, { or [); found "
                    + describe(start));
        }
        if (!(word.equals("true") || word.equals("false") || word.equals("null")
                || word.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))) {
            throw fail(start, "\"" + word + "\" is not a value: text needs double quotes, numbers use a dot (0.5)"
                    + ", and true, false and null are lower case");
        }
        // A number beyond double's range would be read as Infinity, which JSON cannot write back.
        if (Character.isDigit(word.charAt(word.length() - 1)) && !Double.isFinite(Double.parseDouble(word))) {
            throw fail(start, word + " is too large a number (beyond about 1.8e308)");
        }
        pos = end;
    }

    private int wordEnd(int from) {
        int end = from;
        while (end < text.length() && !Character.isWhitespace(text.charAt(end))
                && ",:{}[]\"".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        return end;
    }

    private boolean at(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private String describe(int at) {
        if (at >= text.length()) {
            return "the end of the file";
        }
        char c = text.charAt(at);
        return c == '"' ? "the text " + text.substring(at, Math.min(text.length(), wordEnd(at + 1) + 1)) : "'" + c + "'";
    }
}
