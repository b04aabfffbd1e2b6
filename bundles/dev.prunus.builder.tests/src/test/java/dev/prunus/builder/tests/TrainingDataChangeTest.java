package dev.prunus.builder.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IProject;
import org.eclipse.core.resources.IncrementalProjectBuilder;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.prunus.core.demo.DigitsDemo;

/**
 * New training data is a new input: replacing the file the settings' training section names rebuilds the model
 * (before, the builder hashed only the model and the records, so the outputs of the old data stood), and a change
 * elsewhere in the project does not.
 */
class TrainingDataChangeTest {

    private IProject project;
    private RecordingConsole console;

    @BeforeEach
    void createProject() throws CoreException {
        project = TestProjects.create("training-change-test");
        console = RecordingConsole.register();
    }

    @AfterEach
    void deleteProject() throws CoreException {
        console.unregister();
        project.delete(true, true, null);
    }

    private IFile write(String path, byte[] bytes) throws CoreException {
        return TestProjects.write(project, path, bytes);
    }

    private String report() throws CoreException, IOException {
        try (InputStream in = project.getFile("prunus-gen/digits/digits.report.json").getContents(true)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void build() throws CoreException {
        project.build(IncrementalProjectBuilder.INCREMENTAL_BUILD, new NullProgressMonitor());
    }

    @Test
    void replacingTheTrainingDataRebuildsAndAnUnrelatedChangeDoesNot() throws Exception {
        write("digits.tflite", DigitsDemo.read(DigitsDemo.MODEL));
        // The test digits (1,000) stand in for the training digits: a small, labelled .npz.
        write("data/train.npz", DigitsDemo.read(DigitsDemo.TEST));
        write("digits.prunus.json", """
                {
                  "schema": 1,
                  "model": "digits.tflite",
                  "method": "filterlet",
                  "ratio": 0.3,
                  "training": {"data": "data/train.npz", "validationSplit": 0.5, "epochs": 1, "seed": 3}
                }
                """.getBytes(StandardCharsets.UTF_8));
        build();
        String first = report();
        assertTrue(first.contains("data/train.npz"), "trained on the named data");
        assertEquals(1, console.generated().size(), console.infos.toString());

        console.clear();
        write("notes.txt", "unrelated".getBytes(StandardCharsets.UTF_8));
        build();
        assertEquals(0, console.generated().size(), "a change elsewhere builds nothing: " + console.infos);

        console.clear();
        write("data/train.npz", DigitsDemo.read(DigitsDemo.TRAIN));
        build();
        assertEquals(1, console.generated().size(), "new training data is built: " + console.infos);
        assertFalse(first.equals(report()), "the outputs follow the new data, none of the old stands");
    }
}
