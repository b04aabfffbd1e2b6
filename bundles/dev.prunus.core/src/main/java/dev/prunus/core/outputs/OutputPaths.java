package dev.prunus.core.outputs;

import java.util.regex.Pattern;

import dev.prunus.core.PrunusException;

/**
 * The one rule for paths that name where Prunus writes or what it reads: relative, in plain segments, and (for
 * anything written) never leaving the folder it is relative to. A settings file or a model name comes from a user
 * or a repository; without this rule {@code "output": "../../.bashrc"} would let a build overwrite any file.
 */
public final class OutputPaths {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");

    private OutputPaths() {
    }

    /** Why a path cannot name a file relative to a folder (absolute, empty, control characters), or null. */
    public static String relativeProblem(String path) {
        if (path == null || path.isBlank()) {
            return "is empty";
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x20) {
                return "holds a control character (code " + (int) path.charAt(i) + ")";
            }
        }
        if (path.startsWith("/") || path.startsWith("\\") || path.startsWith("~") || DRIVE.matcher(path).matches()) {
            return "is absolute; give a relative path, with / between folders";
        }
        return null;
    }

    /**
     * Why a path cannot name a file or folder inside the folder it is relative to, or null. {@code ..} and
     * {@code .} segments are refused outright (not resolved), so the answer never depends on the file system.
     */
    public static String insideProblem(String path) {
        String problem = relativeProblem(path);
        if (problem != null) {
            return problem;
        }
        String[] segments = path.split("[/\\\\]", -1);
        for (int i = 0; i < segments.length; i++) {
            String segment = segments[i];
            if (segment.equals("..")) {
                return "leaves the folder it is relative to (a .. segment); name a folder inside it";
            }
            if (segment.equals(".")) {
                return "has a . segment; remove it";
            }
            if (segment.isEmpty() && i < segments.length - 1) {
                return "has an empty segment (//); remove it";
            }
        }
        return null;
    }

    /**
     * Why a path read relative to a folder {@code depth} folders below a root (the project) leaves that root, or
     * null. {@code ..} segments are counted, not resolved against the disk, so a link cannot change the answer;
     * {@code ..} that stays inside the root ("../data" beside a settings folder) is allowed.
     */
    public static String escapeProblem(String path, int depth) {
        int level = depth;
        for (String segment : path.split("[/\\\\]", -1)) {
            if (segment.equals("..")) {
                level--;
                if (level < 0) {
                    return "leaves the project (" + dots(path) + " .. segments from a settings file "
                            + (depth == 1 ? "1 folder" : depth + " folders") + " below the project); "
                            + "keep the data inside the project and name it from there";
                }
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                level++;
            }
        }
        return null;
    }

    private static long dots(String path) {
        return java.util.Arrays.stream(path.split("[/\\\\]", -1)).filter(".."::equals).count();
    }

    /** Checks a generated file's name before anything is written; a bad one means a defect, named precisely. */
    public static String requireInside(String path) {
        String problem = insideProblem(path);
        if (problem != null) {
            throw new PrunusException("the output file name '" + path + "' " + problem
                    + "; nothing was written (report this: generated names are Prunus' own)");
        }
        return path;
    }
}
