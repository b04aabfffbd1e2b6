package dev.prunus.ui.internal.actions;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.commands.ExecutionEvent;
import org.eclipse.core.runtime.Adapters;
import org.eclipse.jface.viewers.ISelection;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.ui.handlers.HandlerUtil;

/** The selected elements of a command's event, adapted to one type. */
final class Selections {

    private Selections() {
    }

    static <T> List<T> of(ExecutionEvent event, Class<T> type) {
        ISelection selection = HandlerUtil.getCurrentSelection(event);
        List<T> adapted = new ArrayList<>();
        if (selection instanceof IStructuredSelection structured) {
            for (Object element : structured.toList()) {
                T t = Adapters.adapt(element, type);
                if (t != null && !adapted.contains(t)) {
                    adapted.add(t);
                }
            }
        }
        return adapted;
    }
}
