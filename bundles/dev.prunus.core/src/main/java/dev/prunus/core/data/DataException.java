package dev.prunus.core.data;

import java.nio.file.Path;

import dev.prunus.core.PrunusException;

/**
 * Labelled data that cannot be used as the model's input: the message names the file (and line, column or key
 * where there is one), what is wrong and how to fix it. Readers throw before anything is written.
 */
public class DataException extends PrunusException {

    private static final long serialVersionUID = 1L;

    /** What kind of problem, for callers that react differently (the IDE marks a file, tests assert it). */
    public enum Problem {
        /** The data's classes do not match the model's outputs. */
        CLASS_COUNT,
        /** A class folder holds no sample. */
        EMPTY_CLASS,
        /** Samples of different shapes, or a sample shape the model's input cannot take. */
        SHAPE,
        /** A file is missing, cannot be read or is corrupt. */
        UNREADABLE,
        /** A NumPy dtype, WAV encoding or other encoding that the readers do not handle. */
        UNSUPPORTED_TYPE,
        /** A label outside 0 .. classes-1, or not a whole number. */
        LABEL_RANGE,
        /** A different number of labels than samples. */
        LABEL_COUNT,
        /** Preprocessing that does not fit the model (e.g. three means for a grayscale input). */
        PREPROCESSING
    }

    private final Problem problem;
    private final transient Path file;

    public DataException(Problem problem, Path file, String message) {
        super(file == null ? message : file + ": " + message);
        this.problem = problem;
        this.file = file;
    }

    public DataException(Problem problem, Path file, String message, Throwable cause) {
        super(file == null ? message : file + ": " + message, cause);
        this.problem = problem;
        this.file = file;
    }

    public Problem problem() {
        return problem;
    }

    /** The file the problem is in, or null when it concerns no single file. */
    public Path file() {
        return file;
    }
}
