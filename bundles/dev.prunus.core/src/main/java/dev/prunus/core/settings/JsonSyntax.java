package dev.prunus.core.settings;

/**
 * Finds the first syntax error of a JSON text and says it the way a person fixing the file needs it: at the line
 * and column of the real mistake (the end of the value a comma should follow, the string that is never closed),
 * in plain words. Gson reports where its parser gave up, often a line later, in its own terms.
 */
public final class JsonSyntax {

    /** A syntax error: 1-based line and column, and what to do. */
    public record Error(int line, int column, String message) {
        /** e.g. {@code line 4, column 19: a comma is missing ...}. */
        @Override
        public String toString() {
            return "line " + line + ", column " + column + ": " + message;
        }
    }

    private final String text;
    private int pos;
    /** End of the last complete value, where a missing comma belongs. */
    private int lastValueEnd;

    private JsonSyntax(String text) {
        this.text = text;
    }

    /** The first syntax error of the text, or null when it is well-formed (strict JSON). */
    public static Error check(String text) {
        JsonSyntax s = new JsonSyntax(text);
        try {
            s.skipSpace();
            if (s.pos >= text.length()) {
                return s.error(s.pos, "the file is empty; a settings file holds one JSON object { ... }");
            }
            s.value();
            s.skipSpace();
            if (s.pos < text.length()) {
                return s.error(s.pos, "unexpected text after the end of the settings object; remove it");
            }
            return null;
        } catch (Failure f) {
            return f.error;
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
        int line = 1;
        int column = 1;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Error(line, column, message);
    }

    private Failure fail(int at, String message) {
        return new Failure(error(at, message));
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
            value();
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
        while (true) {
            skipSpace();
            if (at(']')) {
                throw fail(lastComma, "a comma before ] ends the list; remove this comma");
            }
            value();
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

    private Failure unclosed(int open, char opening, char closing) {
        return fail(open, "this " + opening + " is never closed; add " + closing + " where it should end");
    }

    private void string() {
        int start = pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\\') {
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
            pos++;
        }
        throw fail(start, "this text has no closing double quote on its line");
    }

    private void literal() {
        int start = pos;
        int end = wordEnd(pos);
        String word = text.substring(start, end);
        if (word.isEmpty()) {
            throw fail(start, "a value is expected here (a number, \"text\", true, false, null, { or [); found "
                    + describe(start));
        }
        if (!(word.equals("true") || word.equals("false") || word.equals("null")
                || word.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))) {
            throw fail(start, "\"" + word + "\" is not a value: text needs double quotes, numbers use a dot (0.5)"
                    + ", and true, false and null are lower case");
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
