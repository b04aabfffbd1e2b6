package dev.prunus.builder.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.osgi.util.NLS;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

import dev.prunus.builder.ModelFiles;
import dev.prunus.builder.console.PrunusConsole;
import dev.prunus.core.PrunusException;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.pipeline.Pipeline;
import dev.prunus.core.pipeline.PipelineRequest;
import dev.prunus.core.pipeline.PipelineResult;
import dev.prunus.core.settings.PrunusSettings;
import dev.prunus.core.settings.SettingsException;
import dev.prunus.core.settings.SettingsIO;

/**
 * Everything the builder and the "Regenerate" action do for one settings file: read its inputs, skip when their
 * hash matches the last successful (or failed) run, run the core pipeline, write the outputs through
 * {@link OutputWriter}, and replace this settings file's markers and console lines with the outcome. A failure of
 * any kind keeps the previous outputs.
 */
public final class ModelGenerator {

    /** Marker attribute naming the project-relative settings file whose run created the marker. */
    public static final String MARKER_SETTINGS = "settingsFile";

    /** Folders STM32CubeMX rewrites when it regenerates a project. */
    private static final List<String> REGENERATED = List.of("Core/", "Drivers/", "Middlewares/");

    /** What one run did. */
    public enum Outcome {
        UP_TO_DATE, GENERATED, FAILED
    }

    private final IProject project;
    private final BuildState state;
    private final PrunusConsole console;
    private boolean foldersChanged;

    private ModelGenerator(IProject project, BuildState state, PrunusConsole console) {
        this.project = project;
        this.state = state;
        this.console = console;
    }

    /** A generator working on the project's recorded state, reporting to the current console. */
    public static ModelGenerator of(IProject project) {
        return new ModelGenerator(project, BuildState.load(project), Consoles.get());
    }

    /** Whether settings files are named like {@code model.prunus.json}. */
    public static boolean isSettings(IResource resource) {
        return resource instanceof IFile && resource.getName().endsWith(PrunusSettings.FILE_SUFFIX);
    }

    /** Whether a run of this generator added or removed a generated folder (CDT needs to hear about it). */
    public boolean foldersChanged() {
        return foldersChanged;
    }

    /** Settings files with recorded outputs or failures. */
    public Set<String> recorded() {
        return state.settingsPaths();
    }

    /** Persists what the runs recorded; call once after a build. */
    public void save() throws CoreException {
        try {
            state.save();
        } catch (IOException e) {
            throw new CoreException(org.eclipse.core.runtime.Status.error(
                    "Cannot save the Prunus build state of " + project.getName() + ": " + e.getMessage(), e));
        }
    }

    /**
     * Files a settings file reads, as project-relative portable paths: itself, its model, its data files and its
     * training data (a folder stands for every file under it, see {@link #touches}). A settings file that cannot be
     * parsed reads only itself.
     */
    public Set<String> inputsOf(IFile settingsFile) {
        Set<String> paths = new LinkedHashSet<>();
        paths.add(settingsFile.getProjectRelativePath().toPortableString());
        try {
            PrunusSettings settings = SettingsIO.read(read(settingsFile), depth(settingsFile));
            for (String name : namedFiles(settings)) {
                // An absolute training path lies outside the workspace tree: no delta names it.
                if (!IPath.fromPortableString(name).isAbsolute()) {
                    paths.add(settingsFile.getParent().getFile(IPath.fromPortableString(name))
                            .getProjectRelativePath().toPortableString());
                }
            }
        } catch (CoreException | IOException | PrunusException | IllegalArgumentException e) {
            // Only the settings file itself, until it is fixed.
        }
        return paths;
    }

    /**
     * Every file or folder a settings file reads: the model, the records, and the training section's data, labels
     * and validation (a training folder stands for every file under it).
     */
    private static List<String> namedFiles(PrunusSettings settings) {
        List<String> names = new ArrayList<>(java.util.Arrays.asList(settings.model(), settings.calibration(),
                settings.validation(), settings.labels()));
        PrunusSettings.Training t = settings.training();
        if (t != null) {
            names.addAll(java.util.Arrays.asList(t.data(), t.labels(), t.validation()));
        }
        names.removeIf(java.util.Objects::isNull);
        return names;
    }

    /** Whether a changed project path is one of these inputs or lies under one of them (a training folder). */
    public static boolean touches(Set<String> inputs, String changed) {
        for (String input : inputs) {
            if (changed.equals(input) || changed.startsWith(input + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the training section's files are now, for the input hash: each path with the size and time of every
     * file (under a folder, in a fixed order). Without it, new training data left the last outputs standing; a
     * changed time without changed bytes only costs a pipeline run, whose training cache then skips training.
     */
    private static byte[] trainingFingerprint(IFile settingsFile, PrunusSettings settings) throws IOException {
        PrunusSettings.Training t = settings.training();
        IPath folder = settingsFile.getParent().getLocation();
        if (t == null || folder == null) {
            return new byte[0];
        }
        StringBuilder b = new StringBuilder();
        for (String name : new String[] { t.data(), t.labels(), t.validation() }) {
            if (name == null) {
                continue;
            }
            java.nio.file.Path root = folder.toFile().toPath().resolve(name).normalize();
            b.append(name).append('\n');
            if (java.nio.file.Files.isDirectory(root)) {
                try (var walk = java.nio.file.Files.walk(root)) {
                    for (java.nio.file.Path p : walk.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
                        stat(b, root.relativize(p).toString(), p);
                    }
                }
            } else if (java.nio.file.Files.isRegularFile(root)) {
                stat(b, "", root);
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void stat(StringBuilder b, String name, java.nio.file.Path p) throws IOException {
        b.append(name).append(' ').append(java.nio.file.Files.size(p)).append(' ')
                .append(java.nio.file.Files.getLastModifiedTime(p).toMillis()).append('\n');
    }

    /** Whether the recorded outputs of a settings file are all still there. */
    public boolean outputsPresent(IFile settingsFile) {
        BuildState.Entry entry = state.get(settingsFile.getProjectRelativePath().toPortableString());
        return entry != null && entry.outputs().keySet().stream()
                .allMatch(p -> project.getFile(IPath.fromPortableString(p)).exists());
    }

    /** Runs the pipeline for one settings file when its inputs changed, or always when {@code force}. */
    public Outcome generate(IFile settingsFile, boolean force, IProgressMonitor monitor) throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, NLS.bind(Messages.Generator_task, settingsFile.getName()),
                10);
        String key = settingsFile.getProjectRelativePath().toPortableString();
        BuildState.Entry old = state.get(key);
        List<byte[]> inputs = new ArrayList<>();
        inputs.add(version().getBytes(StandardCharsets.UTF_8));
        long start = System.nanoTime();
        String text = "";
        try {
            byte[] settingsBytes = read(settingsFile);
            inputs.add(settingsBytes);
            text = new String(settingsBytes, StandardCharsets.UTF_8);
            PrunusSettings settings = SettingsIO.read(settingsBytes, depth(settingsFile));

            IPath outputPath = outputPath(settingsFile, settings);
            if (outputPath == null) {
                return fail(settingsFile, old, inputs, settingsFile, lineOf(text, "output"),
                        NLS.bind(Messages.Output_invalid, baseName(settingsFile), settings.output()), start);
            }
            IFile model = settingsFile.getParent().getFile(IPath.fromPortableString(settings.model()));
            if (!model.exists()) {
                return fail(settingsFile, old, inputs, settingsFile, lineOf(text, "model"),
                        NLS.bind(Messages.Model_missing, settings.model(), settingsFile.getName()), start);
            }
            byte[] modelBytes = read(model);
            inputs.add(modelBytes);
            Map<String, byte[]> data = new LinkedHashMap<>();
            String[][] named = { { "calibration", settings.calibration() }, { "validation", settings.validation() },
                    { "labels", settings.labels() } };
            for (String[] n : named) {
                if (n[1] != null) {
                    IFile file = settingsFile.getParent().getFile(IPath.fromPortableString(n[1]));
                    if (!file.exists()) {
                        return fail(settingsFile, old, inputs, settingsFile, lineOf(text, n[0]),
                                NLS.bind(Messages.Data_missing, new Object[] { n[1], n[0], settingsFile.getName() }),
                                start);
                    }
                    byte[] bytes = read(file);
                    inputs.add(n[1].getBytes(StandardCharsets.UTF_8));
                    inputs.add(bytes);
                    data.put(n[1], bytes);
                }
            }
            inputs.add(trainingFingerprint(settingsFile, settings));
            String hash = OutputWriter.hash(inputs.toArray(byte[][]::new));
            if (!force && old != null && hash.equals(old.failedInputs())) {
                return Outcome.UP_TO_DATE; // still failing the same way: its markers stand
            }
            if (!force && old != null && hash.equals(old.inputs()) && outputsPresent(settingsFile)) {
                if (old.failedInputs() != null) {
                    // Back to the inputs of the last good run, whose outputs were kept: only the markers go, and
                    // the console says so, or its last line would still read FAILED.
                    state.put(key, new BuildState.Entry(hash, null, old.outputs()));
                    clearMarkers(settingsFile, model);
                    console.info(NLS.bind(Messages.Console_recovered, new Object[] { key, old.outputs().size(),
                            millis(start) }));
                }
                return Outcome.UP_TO_DATE;
            }
            progress.setWorkRemaining(10);

            PipelineResult result;
            try {
                IFolder outputs = project.getFolder(outputPath);
                IPath settingsFolder = settingsFile.getParent().getLocation();
                // Training data (image folders among them) is read from disk beside the settings file; the last
                // trained result is read back from the output folder's cache so an unchanged build does not retrain.
                PipelineRequest request = new PipelineRequest(model.getName(), modelBytes, settings,
                        path -> resolve(settingsFile, data, path),
                        settingsFolder == null ? null : settingsFolder.toFile().toPath(),
                        path -> previousOutput(outputs, path));
                result = Pipeline.run(request, new MonitorProgress(progress.split(8)));
            } catch (CanceledException e) {
                throw new OperationCanceledException();
            } catch (SettingsException e) {
                return fail(settingsFile, old, inputs, settingsFile, e.line(),
                        NLS.bind(Messages.Settings_invalid, settingsFile.getName(), e.getMessage()), start);
            } catch (PrunusException e) {
                return fail(settingsFile, old, inputs, model, 0,
                        NLS.bind(Messages.Pipeline_failed, model.getName(), e.getMessage()), start);
            }
            if (progress.isCanceled()) {
                throw new OperationCanceledException();
            }

            IFolder folder = project.getFolder(outputPath);
            boolean folderExisted = folder.exists();
            Set<String> ours = old == null ? Set.of() : old.outputs().keySet();
            OutputWriter.Result written;
            try {
                written = OutputWriter.write(project, folder, result.files(), ours, progress.split(2));
            } catch (OutputWriter.ConflictException e) {
                return fail(settingsFile, old, inputs, settingsFile, lineOf(text, "output"),
                        NLS.bind(Messages.Output_conflict, new Object[] { folder.getFullPath(), e.paths.size(),
                                shortList(e.paths) }), start);
            } catch (IOException e) {
                return fail(settingsFile, old, inputs, settingsFile, lineOf(text, "output"), NLS.bind(
                        Messages.Write_failed, new Object[] { settingsFile.getName(), folder.getFullPath(),
                                e.getMessage() }), start);
            }
            foldersChanged |= !folderExisted || old == null || !sameFolders(old.outputs().keySet(),
                    written.outputs().keySet());
            state.put(key, new BuildState.Entry(hash, null, written.outputs()));
            clearMarkers(settingsFile, model);
            if (REGENERATED.stream().anyMatch(outputPath.toPortableString()::startsWith)) {
                mark(settingsFile, settingsFile, lineOf(text, "output"), IMarker.SEVERITY_WARNING,
                        NLS.bind(Messages.Output_regenerated, outputPath, baseName(settingsFile)));
            }
            console.info(NLS.bind(Messages.Console_generated, new Object[] { key, model.getName(),
                    modelBytes.length, written.outputs().size(), written.bytes(), folder.getProjectRelativePath(),
                    written.written(), written.unchanged(), written.deleted(), millis(start) }));
            for (String line : result.summary()) {
                // Wrapped: the console view does not wrap, and a long figure line was cut at its edge.
                console.info("  " + String.join("\n    ", wrap(line, CONSOLE_WIDTH)));
            }
            return Outcome.GENERATED;
        } catch (SettingsException e) {
            return fail(settingsFile, old, inputs, settingsFile, e.line(),
                    NLS.bind(Messages.Settings_invalid, settingsFile.getName(), e.getMessage()), start);
        } catch (IOException e) {
            return fail(settingsFile, old, inputs, settingsFile, 0,
                    NLS.bind(Messages.Read_failed, settingsFile.getName(), e.getMessage()), start);
        } catch (RuntimeException e) {
            if (e instanceof OperationCanceledException) {
                throw e;
            }
            Consoles.log(IStatus.ERROR, "Prunus failed on " + key + ": " + e);
            return fail(settingsFile, old, inputs, settingsFile, 0,
                    NLS.bind(Messages.Internal_error, settingsFile.getName(), String.valueOf(e)), start);
        }
    }

    /** Deletes the outputs and markers of a settings file that is gone (or is being cleaned). */
    public void remove(String settingsPath, IProgressMonitor monitor) throws CoreException {
        BuildState.Entry entry = state.get(settingsPath);
        int deleted = entry == null ? 0 : OutputWriter.delete(project, entry.outputs().keySet(), monitor);
        for (IMarker marker : project.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_INFINITE)) {
            if (settingsPath.equals(marker.getAttribute(MARKER_SETTINGS, null))) {
                marker.delete();
            }
        }
        if (entry != null) {
            foldersChanged |= !entry.outputs().isEmpty();
            state.remove(settingsPath);
            console.info(NLS.bind(Messages.Console_removed, settingsPath, deleted));
        }
    }

    /** Deletes every recorded output and forgets the state (clean build). */
    public void clean(IProgressMonitor monitor) throws CoreException {
        Set<String> all = new TreeSet<>(state.settingsPaths());
        SubMonitor progress = SubMonitor.convert(monitor, all.size());
        for (String settingsPath : all) {
            remove(settingsPath, progress.split(1));
        }
        state.clear();
    }

    private Outcome fail(IFile settingsFile, BuildState.Entry old, List<byte[]> inputs, IFile on, int line,
            String message, long start) throws CoreException {
        String key = settingsFile.getProjectRelativePath().toPortableString();
        state.put(key, new BuildState.Entry(old == null ? null : old.inputs(),
                OutputWriter.hash(inputs.toArray(byte[][]::new)), old == null ? new java.util.TreeMap<>() : old.outputs()));
        clearMarkers(settingsFile, on);
        mark(settingsFile, on, line, IMarker.SEVERITY_ERROR, message);
        // The reason on lines of its own, wrapped: the console view does not wrap and cut it at its edge.
        console.error(NLS.bind(Messages.Console_failed, key, millis(start)) + "\n  "
                + String.join("\n  ", wrap(message, CONSOLE_WIDTH)));
        return Outcome.FAILED;
    }

    private void clearMarkers(IFile settingsFile, IFile model) throws CoreException {
        String key = settingsFile.getProjectRelativePath().toPortableString();
        for (IResource resource : new IResource[] { settingsFile, model }) {
            if (resource.exists()) {
                for (IMarker marker : resource.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO)) {
                    // Ours, or a plain model check's marker, which a pipeline run supersedes.
                    String owner = marker.getAttribute(MARKER_SETTINGS, null);
                    if (owner == null || key.equals(owner)) {
                        marker.delete();
                    }
                }
            }
        }
        // Markers left by earlier runs on a model the settings no longer name.
        for (IMarker marker : project.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_INFINITE)) {
            if (key.equals(marker.getAttribute(MARKER_SETTINGS, null))) {
                marker.delete();
            }
        }
    }

    private static void mark(IFile settingsFile, IFile on, int line, int severity, String message)
            throws CoreException {
        // All attributes at creation, so that no view or listener ever sees a marker without its message.
        java.util.Map<String, Object> attributes = new java.util.HashMap<>();
        attributes.put(IMarker.SEVERITY, severity);
        attributes.put(IMarker.MESSAGE, message);
        attributes.put(MARKER_SETTINGS, settingsFile.getProjectRelativePath().toPortableString());
        if (line > 0) {
            attributes.put(IMarker.LINE_NUMBER, line);
        }
        on.createMarker(ModelFiles.MARKER_TYPE, attributes);
    }

    /** The output folder, relative to the project; null when the settings name an unusable one. */
    static IPath outputPath(IFile settingsFile, PrunusSettings settings) {
        String output = settings.output() != null ? settings.output() : "prunus-gen/" + baseName(settingsFile);
        IPath path = IPath.fromPortableString(output.replace('\\', '/'));
        if (path.isAbsolute() || path.getDevice() != null || path.segmentCount() == 0
                || List.of(path.segments()).contains("..") || List.of(path.segments()).contains(".")) {
            return null;
        }
        return path;
    }

    /** How many folders the settings file is below its project: its data paths may not climb higher. */
    public static int depth(IFile settingsFile) {
        return settingsFile.getParent().getProjectRelativePath().segmentCount();
    }

    private static String baseName(IFile settingsFile) {
        String name = settingsFile.getName();
        return name.substring(0, name.length() - PrunusSettings.FILE_SUFFIX.length());
    }

    private static boolean sameFolders(Set<String> before, Set<String> after) {
        return folders(before).equals(folders(after));
    }

    private static Set<String> folders(Set<String> files) {
        Set<String> folders = new TreeSet<>();
        for (String f : files) {
            folders.add(IPath.fromPortableString(f).removeLastSegments(1).toPortableString());
        }
        return folders;
    }

    private static byte[] previousOutput(IFolder outputs, String path) throws IOException {
        IFile file = outputs.getFile(IPath.fromPortableString(path));
        if (!file.exists()) {
            return null;
        }
        try {
            return read(file);
        } catch (CoreException e) {
            return null; // only a cache: an unreadable entry means training again
        }
    }

    private static byte[] resolve(IFile settingsFile, Map<String, byte[]> data, String path) throws IOException {
        byte[] bytes = data.get(path);
        if (bytes != null) {
            return bytes;
        }
        IFile file = settingsFile.getParent().getFile(IPath.fromPortableString(path));
        try {
            return read(file);
        } catch (CoreException e) {
            throw new FileNotFoundException(file.getFullPath() + " (" + e.getMessage() + ")");
        }
    }

    private static byte[] read(IFile file) throws CoreException, IOException {
        try (InputStream in = file.getContents(true)) {
            return in.readAllBytes();
        }
    }

    /** 1-based line of the first {@code "key"} in a settings text, 0 when absent. */
    static int lineOf(String text, String key) {
        int at = text.indexOf('"' + key + '"');
        if (at < 0) {
            return 0;
        }
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Columns a console line may take before it is wrapped. */
    public static final int CONSOLE_WIDTH = 100;

    /** Splits a message at spaces into lines of at most {@code width} characters (longer words stay whole). */
    static List<String> wrap(String message, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : message.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }

    /** The first few paths and how many more: the sentence that says what to do must stay readable. */
    static String shortList(List<String> paths) {
        int shown = Math.min(3, paths.size());
        String list = String.join(", ", paths.subList(0, shown));
        return paths.size() > shown ? NLS.bind(Messages.Output_conflictMore, list, paths.size() - shown) : list;
    }

    /**
     * The output folder a settings file names (or the default one), or null when the settings cannot be read or
     * name an unusable folder. For views that show a model's generated files.
     */
    public static IFolder outputFolder(IFile settingsFile) {
        try {
            PrunusSettings settings = SettingsIO.read(read(settingsFile), depth(settingsFile));
            IPath path = outputPath(settingsFile, settings);
            return path == null ? null : settingsFile.getProject().getFolder(path);
        } catch (CoreException | IOException | PrunusException e) {
            return null;
        }
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    private static String version() {
        StringBuilder v = new StringBuilder("prunus");
        for (Class<?> c : new Class<?>[] { Pipeline.class, ModelGenerator.class }) {
            Bundle bundle = FrameworkUtil.getBundle(c);
            v.append(' ').append(bundle == null ? "?" : bundle.getSymbolicName() + "_" + bundle.getVersion());
        }
        return v.toString();
    }
}
