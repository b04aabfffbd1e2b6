package dev.prunus.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SubProgressTest {

    private final List<Integer> reported = new ArrayList<>();
    private boolean canceled;

    private final Progress parent = new Progress() {
        @Override
        public void begin(String task, int totalWork) {
            throw new AssertionError("a step must not begin a task of its parent: " + task);
        }

        @Override
        public void worked(int work) {
            reported.add(work);
        }

        @Override
        public boolean isCanceled() {
            return canceled;
        }
    };

    @Test
    void rescalesTheStepsWorkToItsShareAndNeverOverruns() {
        SubProgress sub = new SubProgress(parent, 10);
        sub.begin("inner", 100);
        sub.worked(25);
        sub.worked(25);
        sub.begin("inner again", 4); // a nested begin restarts the step's own count, not the parent's
        sub.worked(400);
        sub.finish();
        assertEquals(10, reported.stream().mapToInt(Integer::intValue).sum());
        assertEquals(List.of(2, 3, 5), reported);
    }

    @Test
    void finishGivesTheRestOfAShareOnce() {
        SubProgress sub = new SubProgress(parent, 7);
        sub.begin("inner", 10);
        sub.worked(3);
        sub.finish();
        sub.finish();
        assertEquals(7, reported.stream().mapToInt(Integer::intValue).sum());
    }

    @Test
    void cancellationIsTheParents() {
        SubProgress sub = new SubProgress(parent, 7);
        sub.checkCanceled();
        canceled = true;
        assertThrows(CanceledException.class, sub::checkCanceled);
    }
}
