package dev.prunus.core.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The layout {@code DIR/<class name>/<sample files>}: class order from {@code DIR/labels.txt} (one name per line,
 * index = model output) or else the sorted folder names; files sorted by name, so the order never depends on the
 * file system.
 */
final class ClassFolders {

    /** Name of the optional file that fixes the class order. */
    static final String LABELS_FILE = "labels.txt";

    final Path dir;
    /** Class name to its sorted sample files, in class order. */
    final Map<String, List<Path>> files;
    final boolean fromLabelsFile;
    /** Files in class folders that were skipped because of their extension. */
    final int skipped;

    private ClassFolders(Path dir, Map<String, List<Path>> files, boolean fromLabelsFile, int skipped) {
        this.dir = dir;
        this.files = files;
        this.fromLabelsFile = fromLabelsFile;
        this.skipped = skipped;
    }

    /** Whether a folder looks like class folders holding files with one of the extensions. */
    static boolean holds(Path dir, List<String> extensions) throws IOException {
        for (Path classDir : subfolders(dir)) {
            try (Stream<Path> s = Files.list(classDir)) {
                if (s.anyMatch(p -> hasExtension(p, extensions))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Lists the classes and their files, checking the class count against the model's outputs before any sample is
     * read.
     */
    static ClassFolders list(Path dir, List<String> extensions, int modelClasses, String what) throws IOException {
        List<Path> folders = subfolders(dir);
        Path labelsFile = dir.resolve(LABELS_FILE);
        List<String> names = new ArrayList<>();
        boolean fromFile = Files.isRegularFile(labelsFile);
        if (fromFile) {
            List<String> lines = Files.readAllLines(labelsFile, StandardCharsets.UTF_8);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < lines.size(); i++) {
                String name = lines.get(i).strip();
                if (name.isEmpty()) {
                    continue;
                }
                if (!seen.add(name)) {
                    throw new DataException(DataException.Problem.CLASS_COUNT, labelsFile, "line " + (i + 1)
                            + ": class \"" + name + "\" is listed twice; list each class once, in output order");
                }
                names.add(name);
            }
            for (Path f : folders) {
                String name = f.getFileName().toString();
                if (!seen.contains(name)) {
                    throw new DataException(DataException.Problem.CLASS_COUNT, labelsFile, "folder \"" + name
                            + "\" is not listed; add it at its output index, or move the folder away");
                }
            }
        } else {
            for (Path f : folders) {
                names.add(f.getFileName().toString());
            }
        }
        if (names.size() != modelClasses) {
            throw new DataException(DataException.Problem.CLASS_COUNT, fromFile ? labelsFile : dir,
                    (fromFile ? "lists " : "has ") + names.size() + " classes " + Dataset.abbreviate(names)
                            + ", the model has " + modelClasses + " outputs; give one class "
                            + (fromFile ? "line" : "folder") + " per output"
                            + (fromFile ? "" : " (and a labels.txt with their names in output order)"));
        }
        Map<String, List<Path>> files = new LinkedHashMap<>();
        int skipped = 0;
        for (String name : names) {
            Path classDir = dir.resolve(name);
            if (!Files.isDirectory(classDir)) {
                throw new DataException(DataException.Problem.EMPTY_CLASS, classDir, "class \"" + name
                        + "\" of labels.txt has no folder; add DIR/" + name + "/ with its " + what);
            }
            List<Path> list = new ArrayList<>();
            try (Stream<Path> s = Files.list(classDir)) {
                for (Path p : s.sorted().toList()) {
                    if (Files.isRegularFile(p) && hasExtension(p, extensions)) {
                        list.add(p);
                    } else if (!p.getFileName().toString().startsWith(".")) {
                        skipped++;
                    }
                }
            }
            if (list.isEmpty()) {
                throw new DataException(DataException.Problem.EMPTY_CLASS, classDir, "class \"" + name
                        + "\" holds no " + what + " (" + String.join(", ", extensions) + "); every output class needs "
                        + "samples");
            }
            files.put(name, list);
        }
        return new ClassFolders(dir, files, fromFile, skipped);
    }

    int sampleCount() {
        return files.values().stream().mapToInt(List::size).sum();
    }

    List<String> classNames() {
        return List.copyOf(files.keySet());
    }

    String orderText() {
        return fromLabelsFile ? "class order from labels.txt" : "class order = sorted folder names";
    }

    private static List<Path> subfolders(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted().toList();
        }
    }

    private static boolean hasExtension(Path p, List<String> extensions) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        for (String e : extensions) {
            if (name.endsWith("." + e)) {
                return true;
            }
        }
        return false;
    }
}
