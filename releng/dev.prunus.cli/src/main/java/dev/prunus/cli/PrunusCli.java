package dev.prunus.cli;

import java.io.PrintWriter;

import dev.prunus.core.PrunusException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code prunus} command line: the core's pipeline without Eclipse, for CI builds that must give the same
 * bytes as the IDE. Exit status 0 on success, non-zero with a one-line reason on stderr otherwise.
 */
@Command(name = "prunus", mixinStandardHelpOptions = true, versionProvider = PrunusCli.Version.class,
        description = "Prunes int8 TensorFlow Lite models for microcontrollers and generates C code.",
        subcommands = { InspectCommand.class, RunCommand.class, DemoCommand.class, GenerateCommand.class,
            ValidateCommand.class, PruneCommand.class, EvalCommand.class, QuantizeCommand.class })
public final class PrunusCli {

    /** Exit status for a usage error (unknown option, missing argument). */
    public static final int EXIT_USAGE = 2;
    /** Exit status for a failure the command reports (bad model, unsupported operator, ...). */
    public static final int EXIT_FAILURE = 1;

    private PrunusCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs a command line with the given streams; returns the exit status. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = commandLine(out, err);
        if (args.length == 0) {
            cli.usage(out);
            return EXIT_USAGE;
        }
        return cli.execute(args);
    }

    /** The configured command line: expected failures print one line, anything else its stack trace. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new PrunusCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            // Expected failures are one line: what is wrong and how to fix it. Anything else is a bug: show it all.
            if (ex instanceof PrunusException || ex instanceof java.io.IOException
                    || ex instanceof CommandFailure) {
                err.println("prunus " + commandLine.getCommandName() + ": " + ex.getMessage());
            } else {
                ex.printStackTrace(err);
            }
            err.flush();
            return EXIT_FAILURE;
        });
        return cli;
    }

    /** Version from the bundle manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PrunusCli.class.getPackage().getImplementationVersion();
            return new String[] { "prunus " + (v != null ? v : "0.1.0 (development)") };
        }
    }
}
