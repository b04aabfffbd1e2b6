package dev.prunus.ui.internal.editor;

import java.util.Arrays;

import org.eclipse.osgi.util.NLS;

import dev.prunus.core.analysis.ArenaPlan;
import dev.prunus.core.analysis.ModelCost;
import dev.prunus.core.analysis.OperatorCost;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.ui.internal.Messages;

/** Turns model elements into the short texts the editor shows. Presentation only: all figures come from the core. */
final class OperatorText {

    private OperatorText() {
    }

    static String outputShape(Model model, Operator op) {
        if (model == null || op.outputs().length == 0 || op.outputs()[0] < 0) {
            return "";
        }
        return tensor(model.main().tensors().get(op.outputs()[0]));
    }

    static String weightShape(Model model, Operator op) {
        if (model == null) {
            return "";
        }
        Graph graph = model.main();
        return Arrays.stream(op.inputs())
                .filter(i -> i >= 0 && graph.tensors().get(i).isConstant())
                .mapToObj(i -> tensor(graph.tensors().get(i)))
                .findFirst().orElse("");
    }

    static String number(ModelCost cost, Operator op, java.util.function.ToLongFunction<OperatorCost> figure) {
        if (cost == null || op.index() >= cost.operators().size()) {
            return "";
        }
        return String.format("%,d", figure.applyAsLong(cost.operators().get(op.index())));
    }

    static String summary(String fileName, Model model, ModelCost cost, ArenaPlan plan) {
        Graph graph = model.main();
        String inputs = Arrays.stream(graph.inputs()).mapToObj(i -> tensor(graph.tensor(i))).reduce((a, b) -> a + ", " + b).orElse("-");
        String outputs = Arrays.stream(graph.outputs()).mapToObj(i -> tensor(graph.tensor(i))).reduce((a, b) -> a + ", " + b).orElse("-");
        return NLS.bind(Messages.Editor_summary, new Object[] { fileName, graph.operators().size(), inputs, outputs,
                String.format("%,d", cost.params()), String.format("%,d", cost.macs()),
                String.format("%,d", cost.flashBytes()), String.format("%,d", plan.arenaBytes()) });
    }

    private static String tensor(Tensor t) {
        return t.type().name().toLowerCase() + Arrays.toString(t.shape());
    }
}
