package dev.prunus.core.ops;

import dev.prunus.core.codegen.CEmission;
import dev.prunus.core.ir.Activation;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.ir.OpOptions.ReshapeOptions;
import dev.prunus.core.ir.OpType;


/** RESHAPE: the same bytes under another shape; in place in C when the planner shares the buffer. */
final class ReshapeOp implements OperatorDefinition {

    // ReshapeOptions: union code 17; field 0 new_shape (a vector, absent in many files).
    static final OptionsCodec OPTIONS = OptionsCodec.of(17, ReshapeOptions.class,
            t -> new ReshapeOptions(t.intVector(0, "new_shape")),
            (b, o) -> {
                int[] shape = o.newShape();
                int vec = shape == null ? 0 : b.intVector(shape);
                b.start(1);
                if (shape != null) {
                    b.addOffset(0, vec);
                }
                return b.end();
            });

    @Override
    public OptionsCodec options(OpType type) {
        return OPTIONS;
    }

    @Override
    public void prepare(InterpreterSetup s, OperandCheck c, Operator op) {
        Tensor in = c.input(0, null, -1);
        Tensor out = c.output(0, in.type(), -1);
        if (in.elementCount() != out.elementCount()) {
            throw c.fail(out.index(), "RESHAPE output " + out + " has a different element count than input " + in);
        }
        Object x = s.buffer(in.index());
        Object y = s.buffer(out.index());
        int n = in.elementCount();
        s.addStep(op, () -> System.arraycopy(x, 0, y, 0, n));
    }

    @Override
    public void emit(CEmission e, Operator op) {
        Tensor in = e.input(op, 0);
        Tensor out = e.output(op);
        e.body().append("    /* operator ").append(op.index()).append(": ").append(op.displayName());
        if (e.offset(in.index()) == e.offset(out.index())) {
            e.body().append(": in place, no code */\n");
        } else {
            e.body().append(" */\n    memmove(").append(e.at(out.index())).append(", ").append(e.at(in.index()))
                    .append(", ").append(out.byteSize()).append(");\n");
        }
    }

    @Override
    public <L> L floatLayer(FloatLayers<L> layers, Operator op) {
        return layers.passThrough(op, Activation.NONE);
    }
}
