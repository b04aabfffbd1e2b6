package dev.prunus.runtime;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The C99 runtime (kernels, headers, QEMU platform files) shipped as resources of this bundle.
 * <p>
 * Code generation copies the files a model needs into the user's project. The list of shipped files is
 * {@code c/runtime-files.txt}, because neither a plain class path nor an OSGi bundle can list a resource
 * folder portably; a test keeps that list equal to the folder's contents.
 */
public final class RuntimeSources {

    /** Resource prefix of every runtime file inside this bundle. */
    public static final String ROOT = "c/";

    private static final String INDEX = ROOT + "runtime-files.txt";

    private RuntimeSources() {
    }

    /** Paths relative to {@code c/} of every shipped runtime file, e.g. {@code include/pn_common.h}, sorted. */
    public static List<String> files() {
        try (InputStream in = open(INDEX.substring(ROOT.length()));
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> files = new ArrayList<>();
            for (String line; (line = reader.readLine()) != null;) {
                String trimmed = line.strip();
                if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                    files.add(trimmed);
                }
            }
            Collections.sort(files);
            return Collections.unmodifiableList(files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the runtime file list " + INDEX, e);
        }
    }

    /** Opens a runtime file by its path relative to {@code c/}; the caller closes the stream. */
    public static InputStream open(String relativePath) throws IOException {
        InputStream in = RuntimeSources.class.getClassLoader().getResourceAsStream(ROOT + relativePath);
        if (in == null) {
            throw new IOException("the Prunus runtime has no file " + ROOT + relativePath
                    + "; the dev.prunus.runtime bundle is incomplete, reinstall Prunus");
        }
        return in;
    }

    /** Reads a runtime file completely. */
    public static byte[] read(String relativePath) throws IOException {
        try (InputStream in = open(relativePath)) {
            return in.readAllBytes();
        }
    }
}
