package dev.prunus.builder.console;

/**
 * Where Prunus tells the user what a build did: per model what ran, the sizes before and after, and the elapsed
 * time. The UI bundle registers an implementation as an OSGi service (an IDE console view); without one, the
 * builder falls back to the platform log for errors and to tracing for the rest. Implementations must accept calls
 * from any thread and must not block.
 */
public interface PrunusConsole {

    /** Appends one line of information. */
    void info(String line);

    /** Appends one line describing a failure and brings the console forward. */
    void error(String line);
}
