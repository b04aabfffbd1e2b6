package dev.prunus.ui.tests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.function.BooleanSupplier;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;

/** Event-loop waiting and screenshots for UI tests that drive plain SWT (SWTBot is not on Maven Central). */
public final class UiTestSupport {

    private UiTestSupport() {
    }

    /** Runs the event loop until the condition holds or the timeout passes; returns whether it holds. */
    public static boolean waitUntil(BooleanSupplier condition, long timeoutMillis) {
        Display display = Display.getCurrent();
        long end = System.currentTimeMillis() + timeoutMillis;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                return false;
            }
            if (!display.readAndDispatch()) {
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Processes pending events for a while so that painting catches up. */
    public static void settle(long millis) {
        waitUntil(() -> false, millis);
    }

    /** Runs every event that is waiting (deferred layouts and async runnables included), then returns. */
    public static void drain() {
        Display display = Display.getCurrent();
        while (display.readAndDispatch()) {
            // until the queue is empty
        }
    }

    /** Saves the whole screen as target/screenshots/NAME.png and returns the file. */
    public static Path screenshot(String name) throws java.io.IOException {
        Display display = Display.getCurrent();
        Rectangle bounds = display.getBounds();
        Image image = new Image(display, bounds.width, bounds.height);
        GC gc = new GC(display);
        try {
            gc.copyArea(image, 0, 0);
        } finally {
            gc.dispose();
        }
        // tycho-surefire runs in the module folder: screenshots go under its build output.
        Path dir = Paths.get("target", "screenshots").toAbsolutePath();
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".png");
        try {
            ImageLoader loader = new ImageLoader();
            loader.data = new ImageData[] { image.getImageData() };
            loader.save(file.toString(), SWT.IMAGE_PNG);
        } finally {
            image.dispose();
        }
        return file;
    }
}
