package dev.prunus.builder.internal;

import java.io.IOException;
import java.io.InputStream;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.osgi.util.NLS;

import dev.prunus.builder.ModelFiles;
import dev.prunus.core.PrunusException;
import dev.prunus.core.tflite.TfliteReader;

/**
 * Reads a model with the core and reflects the outcome as Prunus problem markers on the file: one error marker
 * with the core's message when the model cannot be read, none when it can. Markers that a settings file's run put
 * on the model (attribute {@link ModelGenerator#MARKER_SETTINGS}) are left to that run.
 */
public class ModelChecker {

    /** Checks one model file; returns the core's error message, or null when the model reads cleanly. */
    public String check(IFile model, IProgressMonitor monitor) throws CoreException {
        String problem = read(model);
        for (IMarker marker : model.findMarkers(ModelFiles.MARKER_TYPE, false, IResource.DEPTH_ZERO)) {
            if (marker.getAttribute(ModelGenerator.MARKER_SETTINGS, null) == null) {
                marker.delete();
            }
        }
        if (problem != null) {
            model.createMarker(ModelFiles.MARKER_TYPE,
                    java.util.Map.of(IMarker.SEVERITY, IMarker.SEVERITY_ERROR, IMarker.MESSAGE, problem));
        }
        return problem;
    }

    private static String read(IFile model) throws CoreException {
        byte[] bytes;
        try (InputStream in = model.getContents(true)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            return NLS.bind(Messages.Checker_unreadable, model.getName(), e.getMessage());
        }
        try {
            TfliteReader.read(bytes);
            return null;
        } catch (PrunusException e) {
            return NLS.bind(Messages.Checker_invalid, model.getName(), e.getMessage());
        }
    }
}
