package dev.prunus.builder;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IResource;

/** Which workspace files Prunus treats as models, decided by extension so it also works while the content type registry starts. */
public final class ModelFiles {

    /** Content type id of TensorFlow Lite flatbuffers, declared in plugin.xml. */
    public static final String CONTENT_TYPE = "dev.prunus.tflite";

    /** Problem marker type of Prunus; markers of other types are never touched. */
    public static final String MARKER_TYPE = "dev.prunus.builder.problem";

    /** Marker attribute holding the index of the operator a problem concerns. */
    public static final String MARKER_OPERATOR = "operatorIndex";

    private ModelFiles() {
    }

    /** Whether the resource is a TensorFlow Lite model file. */
    public static boolean isModel(IResource resource) {
        return resource instanceof IFile && "tflite".equalsIgnoreCase(resource.getFileExtension());
    }
}
