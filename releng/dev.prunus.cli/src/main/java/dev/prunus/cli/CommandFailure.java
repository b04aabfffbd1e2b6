package dev.prunus.cli;

/** A failure of a command that is the user's to fix (a missing file, a bad option value); printed as one line. */
final class CommandFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    CommandFailure(String message) {
        super(message);
    }
}
