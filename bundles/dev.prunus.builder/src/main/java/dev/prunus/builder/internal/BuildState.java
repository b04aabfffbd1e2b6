package dev.prunus.builder.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

import org.eclipse.core.resources.IProject;

/**
 * What the builder last produced, per settings file: the hash of every input of the run (settings, model, data
 * files, Prunus version), and each output file with the hash of its bytes. Kept in the project's working location
 * (outside the project, never shared), so that an unchanged model is recognised by content, not by timestamps.
 */
final class BuildState {

    private static final String FILE = "build-state.properties";

    /** The last successful run of one settings file; {@code failedInputs} is set while its inputs fail. */
    record Entry(String inputs, String failedInputs, SortedMap<String, String> outputs) {
        Entry {
            outputs = Collections.unmodifiableSortedMap(new TreeMap<>(outputs));
        }
    }

    private final Path file;
    private final SortedMap<String, Entry> entries = new TreeMap<>();
    private boolean dirty;

    private BuildState(Path file) {
        this.file = file;
    }

    /** Loads the state of a project; an unreadable or missing state is empty (everything rebuilds). */
    static BuildState load(IProject project) {
        Path file = project.getWorkingLocation(Consoles.BUNDLE_ID).toFile().toPath().resolve(FILE);
        BuildState state = new BuildState(file);
        if (Files.isRegularFile(file)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(file)) {
                p.load(in);
            } catch (IOException | IllegalArgumentException e) {
                return state;
            }
            state.parse(p);
        }
        return state;
    }

    private void parse(Properties p) {
        Map<String, String[]> heads = new TreeMap<>();
        Map<String, SortedMap<String, String>> outputs = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            // Keys: s.<settingsPath>=<inputs>|<failed> and o.<settingsPath>|<outputPath>=<hash>
            if (key.startsWith("s.")) {
                heads.put(key.substring(2), (p.getProperty(key) + "|").split("\\|", -1));
            } else if (key.startsWith("o.")) {
                int bar = key.indexOf('|');
                if (bar > 2) {
                    outputs.computeIfAbsent(key.substring(2, bar), k -> new TreeMap<>())
                            .put(key.substring(bar + 1), p.getProperty(key));
                }
            }
        }
        heads.forEach((settings, values) -> entries.put(settings, new Entry(emptyToNull(values[0]),
                emptyToNull(values[1]), outputs.getOrDefault(settings, new TreeMap<>()))));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** The recorded entry of a settings file (project-relative portable path), or null. */
    Entry get(String settingsPath) {
        return entries.get(settingsPath);
    }

    /** Settings files with recorded state. */
    java.util.Set<String> settingsPaths() {
        return Collections.unmodifiableSet(new java.util.TreeSet<>(entries.keySet()));
    }

    void put(String settingsPath, Entry entry) {
        if (!entry.equals(entries.put(settingsPath, entry))) {
            dirty = true;
        }
    }

    void remove(String settingsPath) {
        if (entries.remove(settingsPath) != null) {
            dirty = true;
        }
    }

    void clear() {
        if (!entries.isEmpty()) {
            entries.clear();
            dirty = true;
        }
    }

    /** Writes the state if it changed, through a temporary file so a crash never leaves half a state. */
    void save() throws IOException {
        if (!dirty) {
            return;
        }
        Properties p = new Properties();
        entries.forEach((settings, e) -> {
            p.setProperty("s." + settings, (e.inputs() == null ? "" : e.inputs()) + "|"
                    + (e.failedInputs() == null ? "" : e.failedInputs()));
            e.outputs().forEach((path, hash) -> p.setProperty("o." + settings + "|" + path, hash));
        });
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp)) {
            p.store(out, null);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        dirty = false;
    }
}
