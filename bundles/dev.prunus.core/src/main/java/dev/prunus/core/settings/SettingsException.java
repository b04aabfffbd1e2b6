package dev.prunus.core.settings;

import dev.prunus.core.PrunusException;

/** A settings file that cannot be used, with the 1-based line it concerns (0 when unknown). */
public class SettingsException extends PrunusException {

    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public SettingsException(String message, int line) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
        this.column = 0;
    }

    public SettingsException(String message, int line, Throwable cause) {
        super(line > 0 ? "line " + line + ": " + message : message, cause);
        this.line = line;
        this.column = 0;
    }

    /** A syntax problem at a line and column (both 1-based). */
    public SettingsException(String message, int line, int column, Throwable cause) {
        super("line " + line + ", column " + column + ": " + message, cause);
        this.line = line;
        this.column = column;
    }

    /** A problem with the value or key at a position of the file. */
    public SettingsException(String message, JsonSyntax.Position at) {
        this(message, at.line(), at.column(), null);
    }

    /** 1-based line in the settings file, or 0 when the problem is not tied to a line. */
    public int line() {
        return line;
    }

    /** 1-based column in the settings file, or 0 when only the line (or nothing) is known. */
    public int column() {
        return column;
    }
}
