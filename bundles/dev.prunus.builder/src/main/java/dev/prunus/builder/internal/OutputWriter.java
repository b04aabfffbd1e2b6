package dev.prunus.builder.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.eclipse.core.resources.IContainer;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IFolder;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IPath;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;

import dev.prunus.core.outputs.PrunusOutputs;

/**
 * Puts a pipeline's outputs into the project without ever leaving a broken tree: first every target is checked
 * (a file the user owns is never overwritten), then the files whose bytes changed are written completely into a
 * staging folder next to the output folder, then each is renamed into place (atomically where the file system
 * can) and refreshed, so a CDT build later in the same round sees them. Unchanged files are not touched; files the
 * previous run produced and this one does not are deleted. Every written file is marked derived.
 */
final class OutputWriter {

    /** Suffix of the staging folder, a sibling of the output folder on disk, never refreshed into the workspace. */
    static final String STAGING_SUFFIX = ".prunus-tmp";

    /** Targets that belong to the user: nothing was written. */
    static final class ConflictException extends Exception {
        private static final long serialVersionUID = 1L;
        final List<String> paths;

        ConflictException(List<String> paths) {
            super(String.join(", ", paths));
            this.paths = paths;
        }
    }

    /** What a write did; {@code outputs} maps every produced project-relative path to the hash of its bytes. */
    record Result(int written, int unchanged, int deleted, long bytes, SortedMap<String, String> outputs) {
    }

    private OutputWriter() {
    }

    /**
     * Writes {@code files} (paths relative to {@code folder}) into the folder.
     *
     * @param ours project-relative paths the previous run of the same settings produced
     */
    static Result write(IProject project, IFolder folder, SortedMap<String, byte[]> files, Set<String> ours,
            IProgressMonitor monitor) throws CoreException, IOException, ConflictException {
        SubMonitor progress = SubMonitor.convert(monitor, files.size() * 2 + ours.size() + 2);
        IPath location = folder.getLocation();
        if (location == null) {
            throw new IOException("the folder " + folder.getFullPath() + " has no location in the local file system");
        }
        Path root = location.toFile().toPath();

        // 1. Decide per target: conflict, unchanged or changed. Nothing is written yet.
        List<String> conflicts = new ArrayList<>();
        SortedMap<String, byte[]> changed = new TreeMap<>();
        SortedMap<String, String> outputs = new TreeMap<>();
        int unchanged = 0;
        long bytes = 0;
        Set<String> recognised = recognised(root, files);
        List<IFile> adopted = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            IFile file = folder.getFile(IPath.fromPortableString(e.getKey()));
            String projectPath = file.getProjectRelativePath().toPortableString();
            Path target = root.resolve(e.getKey());
            boolean onDisk = Files.isRegularFile(target);
            boolean owned = ours.contains(projectPath) || file.exists() && file.isDerived()
                    || recognised.contains(e.getKey());
            if ((onDisk || file.exists()) && !owned) {
                conflicts.add(file.getFullPath().toString());
                continue;
            }
            outputs.put(projectPath, hash(e.getValue()));
            bytes += e.getValue().length;
            if (onDisk && Arrays.equals(Files.readAllBytes(target), e.getValue())) {
                unchanged++;
                if (file.exists() && !file.isDerived()) {
                    adopted.add(file); // written by the command line: derived from now on, like every output
                }
            } else {
                changed.put(e.getKey(), e.getValue());
            }
            progress.worked(1);
        }
        if (!conflicts.isEmpty()) {
            throw new ConflictException(conflicts);
        }
        if (progress.isCanceled()) {
            throw new org.eclipse.core.runtime.OperationCanceledException();
        }

        // 2. Stage complete files next to the output folder (same file system, so the move below is a rename).
        Path staging = root.resolveSibling("." + root.getFileName() + STAGING_SUFFIX);
        deleteTree(staging);
        try {
            for (Map.Entry<String, byte[]> e : changed.entrySet()) {
                Path staged = staging.resolve(e.getKey());
                Files.createDirectories(staged.getParent());
                Files.write(staged, e.getValue());
            }
            // 3. Create the workspace folders, then move every staged file into place.
            Set<IContainer> created = createFolders(folder, changed.keySet(), progress.split(1));
            for (String relative : changed.keySet()) {
                Path target = root.resolve(relative);
                Files.createDirectories(target.getParent());
                move(staging.resolve(relative), target);
            }
            for (IContainer container : created) {
                container.setDerived(true, null);
            }
        } finally {
            deleteTree(staging);
        }

        // 4. Tell the workspace: refresh exactly the written files and mark them derived.
        for (String relative : changed.keySet()) {
            IFile file = folder.getFile(IPath.fromPortableString(relative));
            file.refreshLocal(IResource.DEPTH_ZERO, progress.split(1));
            if (file.exists() && !file.isDerived()) {
                file.setDerived(true, null);
            }
        }
        for (IFile file : adopted) {
            file.setDerived(true, null);
        }
        progress.setWorkRemaining(ours.size() + 1);

        // 5. Delete what the previous run produced and this one does not.
        List<String> stale = new ArrayList<>(ours);
        stale.removeAll(outputs.keySet());
        int deleted = delete(project, stale, progress.split(ours.size() + 1));
        return new Result(changed.size(), unchanged, deleted, bytes, outputs);
    }

    /**
     * Targets already on disk that Prunus wrote in another run, the command line's included (it keeps no record the
     * workspace could read): recognised by their content, see {@link PrunusOutputs}.
     */
    private static Set<String> recognised(Path root, SortedMap<String, byte[]> files) throws IOException {
        Map<String, byte[]> existing = new TreeMap<>();
        for (String relative : files.keySet()) {
            Path target = root.resolve(relative);
            if (Files.isRegularFile(target)) {
                existing.put(relative, Files.readAllBytes(target));
            }
        }
        return existing.isEmpty() ? Set.of() : PrunusOutputs.owned(existing, files);
    }

    /** Deletes derived files among the given project-relative paths and the derived folders left empty. */
    static int delete(IProject project, Collection<String> paths, IProgressMonitor monitor) throws CoreException {
        SubMonitor progress = SubMonitor.convert(monitor, paths.size() + 1);
        int deleted = 0;
        Set<IContainer> parents = new TreeSet<>((a, b) -> Integer.compare(b.getFullPath().segmentCount(),
                a.getFullPath().segmentCount()) != 0
                        ? Integer.compare(b.getFullPath().segmentCount(), a.getFullPath().segmentCount())
                        : a.getFullPath().toString().compareTo(b.getFullPath().toString()));
        for (String path : paths) {
            IFile file = project.getFile(IPath.fromPortableString(path));
            if (file.exists() && file.isDerived()) {
                file.delete(IResource.FORCE, progress.split(1));
                deleted++;
            }
            for (IContainer c = file.getParent(); c instanceof IFolder; c = c.getParent()) {
                parents.add(c);
            }
        }
        // Deepest first, so a folder that only held empty generated folders goes too.
        for (IContainer parent : parents) {
            if (parent.exists() && parent.isDerived() && parent.members(IResource.NONE).length == 0) {
                parent.delete(IResource.FORCE, null);
            }
        }
        return deleted;
    }

    /** SHA-256 of bytes as lower-case hex. */
    static String hash(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static Set<IContainer> createFolders(IFolder folder, Collection<String> relatives,
            IProgressMonitor monitor) throws CoreException {
        Set<IContainer> created = new java.util.LinkedHashSet<>();
        List<IFolder> needed = new ArrayList<>();
        needed.add(folder);
        for (String relative : relatives) {
            IPath parent = IPath.fromPortableString(relative).removeLastSegments(1);
            if (parent.segmentCount() > 0) {
                needed.add(folder.getFolder(parent));
            }
        }
        for (IFolder f : needed) {
            create(f, created, monitor);
        }
        return created;
    }

    private static void create(IContainer container, Set<IContainer> created, IProgressMonitor monitor)
            throws CoreException {
        if (container.exists() || !(container instanceof IFolder f)) {
            return;
        }
        create(f.getParent(), created, monitor);
        f.create(IResource.FORCE, true, monitor);
        created.add(f);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> children = Files.newDirectoryStream(path)) {
                for (Path child : children) {
                    deleteTree(child);
                }
            }
        }
        Files.delete(path);
    }
}
