package dev.prunus.ui.tests;

import java.io.IOException;
import java.nio.file.Path;

/** Public entry to the screenshot helper for UI tests in other packages. */
public final class Screenshots {

    private Screenshots() {
    }

    /** Saves the whole screen as target/screenshots/NAME.png. */
    public static Path save(String name) throws IOException {
        return UiTestSupport.screenshot(name);
    }
}
