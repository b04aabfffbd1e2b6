package dev.prunus.ui.internal.console;

import java.io.IOException;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Display;
import org.eclipse.ui.console.ConsolePlugin;
import org.eclipse.ui.console.IConsole;
import org.eclipse.ui.console.IConsoleManager;
import org.eclipse.ui.console.MessageConsole;
import org.eclipse.ui.console.MessageConsoleStream;

import dev.prunus.builder.console.PrunusConsole;
import dev.prunus.ui.internal.actions.ActionMessages;

/**
 * The IDE side of {@link PrunusConsole}: one "Prunus" console in the Console view, registered as an OSGi service by
 * the declarative services component {@code OSGI-INF/dev.prunus.ui.console.xml} so the builder finds it without
 * depending on this bundle. Lines may come from any thread; an error line also brings the console forward.
 */
public class ConsoleService implements PrunusConsole {

    private MessageConsole console;
    private MessageConsoleStream out;
    private MessageConsoleStream err;

    @Override
    public void info(String line) {
        println(false, line);
    }

    @Override
    public void error(String line) {
        println(true, line);
        IConsoleManager manager = ConsolePlugin.getDefault().getConsoleManager();
        // Schedules its own UI job: safe from the build thread, never blocks it.
        manager.showConsoleView(console());
    }

    private void println(boolean error, String line) {
        console();
        (error ? err : out).println(line);
    }

    /** The console, created and added to the console manager on first use. */
    synchronized MessageConsole console() {
        if (console == null) {
            IConsoleManager manager = ConsolePlugin.getDefault().getConsoleManager();
            for (IConsole existing : manager.getConsoles()) {
                if (existing instanceof MessageConsole m && ActionMessages.Console_name.equals(m.getName())) {
                    console = m;
                }
            }
            if (console == null) {
                console = new MessageConsole(ActionMessages.Console_name, null);
                manager.addConsoles(new IConsole[] { console });
            }
            out = console.newMessageStream();
            err = console.newMessageStream();
            Display display = Display.getDefault();
            display.asyncExec(() -> err.setColor(display.getSystemColor(SWT.COLOR_RED)));
        }
        return console;
    }

    /** Called by declarative services when the component goes away. */
    public synchronized void deactivate() {
        for (MessageConsoleStream stream : new MessageConsoleStream[] { out, err }) {
            if (stream != null) {
                try {
                    stream.close();
                } catch (IOException e) {
                    // Closing a console stream only flushes in-memory buffers.
                }
            }
        }
    }
}
