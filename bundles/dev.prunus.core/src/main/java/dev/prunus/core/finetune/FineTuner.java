package dev.prunus.core.finetune;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.prunus.core.interp.Interpreter;
import dev.prunus.core.interp.UnsupportedModelException;
import dev.prunus.core.ir.Graph;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.OpType;
import dev.prunus.core.ir.Operator;
import dev.prunus.core.ir.Quantization;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;
import dev.prunus.core.quant.WeightQuantizer;

/**
 * Distillation fine-tuning of a pruned int8 model: the pruned student learns to reproduce the original teacher's
 * logits on unlabelled records. The student runs as a float shadow ({@link FloatGraph}) whose activations and
 * weights are rounded to their int8 grids in the forward pass (straight-through backward), so what it learns
 * survives requantization. Loss per record: {@code T^2 KL(softmax(t/T) || softmax(s/T)) + MSE(s, t)} on the logits
 * (the input of a final SOFTMAX), or the MSE of the dequantized outputs for a model without one. Adam with a cosine
 * learning rate, seeded shuffling, pruned weights masked; weights are pulled towards their compensated start
 * (decoupled decay), and the epoch with the lowest loss on held-out records is kept (the start counts as epoch 0,
 * so held-out loss never gets worse than the compensated student's).
 */
public final class FineTuner {

    /** Adam moments. */
    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-10;
    /** Weight of the logit MSE next to the KL term. */
    private static final double MSE_WEIGHT = 1.0;
    /** Mini-batch shards, each with its own activations and gradients (one per worker thread when cores allow). */
    private static final int SHARDS = 2;
    /** Fraction of the steps spent warming the learning rate up. */
    private static final double WARMUP = 0.05;

    private FineTuner() {
    }

    /**
     * What a run did.
     *
     * @param model         the fine-tuned student
     * @param bestEpoch     the epoch whose weights were kept (0 = the student as given)
     * @param trainLoss     mean training loss per epoch (index 0 unused: NaN)
     * @param heldOutLoss   mean loss on the held-out records after each epoch, index 0 before training (empty when
     *                      nothing is held out)
     * @param heldOutAgreement top-1 agreement with the teacher on the held-out records, as heldOutLoss
     * @param trainRecords  records trained on
     * @param heldOutRecords records held out
     */
    public record Result(Model model, int bestEpoch, double[] trainLoss, double[] heldOutLoss,
            double[] heldOutAgreement, int trainRecords, int heldOutRecords) {
    }

    /**
     * Fine-tunes {@code student} (the pruned {@code teacher}) on unlabelled records.
     *
     * @param teacher the original int8 model
     * @param student the pruned model: same operators, possibly fewer channels; pruned weights are exactly 0
     * @param records input records (each exactly the input tensor's bytes); no labels are used
     * @return the student with new int8 weights and int32 biases: same graph, shapes, activation quantization and
     *         zeros
     * @throws FineTuneException  for unsupported operators, mismatching models, records or options
     * @throws CanceledException when {@code progress} is canceled
     */
    public static Model fineTune(Model teacher, Model student, List<byte[]> records, FineTuneOptions options,
            Progress progress) {
        return run(teacher, student, records, options, progress).model();
    }

    /** {@link #fineTune} with the training figures. */
    public static Result run(Model teacher, Model student, List<byte[]> records, FineTuneOptions options,
            Progress progress) {
        FineTuneOptions o = options == null ? FineTuneOptions.DEFAULTS : options;
        Progress p = progress == null ? Progress.NONE : progress;
        Graph sg = student.main();
        Graph tg = teacher.main();
        check(sg.operators().size() == tg.operators().size(), "the student has " + sg.operators().size()
                + " operators and the teacher " + tg.operators().size() + "; the student must be the pruned teacher");
        for (int k = 0; k < sg.operators().size(); k++) {
            check(sg.operator(k).type() == tg.operator(k).type(), "operator " + k + " is "
                    + sg.operator(k).displayName() + " in the student and " + tg.operator(k).displayName()
                    + " in the teacher; the student must be the pruned teacher");
        }
        check(records != null && !records.isEmpty(), "fine-tuning needs at least one input record");
        List<Param> params = FloatGraph.params(sg);
        // Always SHARDS gradient shards, summed in a fixed order: the bytes do not depend on the core count.
        int threads = Math.max(1, Math.min(SHARDS, Runtime.getRuntime().availableProcessors()));
        List<FloatGraph> graphs = new ArrayList<>();
        for (int w = 0; w < SHARDS; w++) {
            graphs.add(new FloatGraph(sg, params, true));
        }
        FloatGraph g0 = graphs.get(0);
        int recordSize = sg.input(0).byteSize();
        for (int i = 0; i < records.size(); i++) {
            check(records.get(i).length == recordSize, "record " + i + " has " + records.get(i).length
                    + " bytes; the input tensor " + sg.input(0) + " needs " + recordSize);
        }
        int tLogits = logitsOf(tg);
        check(tg.tensor(tLogits).elementCount() == sg.tensor(g0.logits).elementCount(), "the teacher's logits "
                + tg.tensor(tLogits) + " and the student's " + sg.tensor(g0.logits) + " differ in size");
        boolean classifier = tLogits != tg.outputs()[0];
        int depth = classifier ? Math.max(1, sg.tensor(g0.logits).dim(-1)) : 1;

        // Held-out split (seeded), then training inputs: each record, plus noisy copies when asked.
        SplittableRandom random = new SplittableRandom(o.seed());
        int[] order = permutation(records.size(), random);
        int held = records.size() >= 10 ? (int) Math.round(records.size() * o.heldOut()) : 0;
        List<byte[]> heldOut = new ArrayList<>();
        List<byte[]> train = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i < held ? heldOut : train).add(records.get(order[i]));
        }
        p.begin("Fine-tuning", o.epochs() * train.size() + records.size());
        Interpreter teacherRun;
        try {
            teacherRun = Interpreter.create(teacher);
        } catch (UnsupportedModelException e) {
            throw new FineTuneException("the teacher cannot run: " + e.getMessage());
        }
        // Intermediate features: every conv / FC / ADD output whose shape the pruning kept.
        List<Integer> features = new ArrayList<>();
        if (o.features() > 0) {
            for (int t : g0.featureCandidates()) {
                if (Arrays.equals(sg.tensor(t).shape(), tg.tensor(t).shape())) {
                    features.add(t);
                }
            }
        }
        Teacher tch = new Teacher(teacherRun, tg, tLogits, features);
        Target[] heldTargets = new Target[heldOut.size()];
        for (int i = 0; i < heldOut.size(); i++) {
            heldTargets[i] = tch.answer(heldOut.get(i));
            p.checkCanceled();
            p.worked(1);
        }
        Target[] trainTargets = new Target[train.size()];
        for (int i = 0; i < train.size(); i++) {
            trainTargets[i] = tch.answer(train.get(i));
            p.checkCanceled();
            p.worked(1);
        }
        // Feature weights: relative squared error, each tensor by its mean teacher energy on the training records.
        for (int fi = 0; fi < features.size(); fi++) {
            int t = features.get(fi);
            double energy = 0;
            long count = 0;
            for (Target tr : trainTargets) {
                for (double v : tch.dequantize(fi, tr.features[fi])) {
                    energy += v * v;
                }
                count += tr.features[fi].length;
            }
            double w = o.features() / features.size() / Math.max(energy, 1e-30) * count
                    / Math.max(1, tg.tensor(t).elementCount());
            for (FloatGraph g : graphs) {
                g.featureWeight[t] = w;
            }
        }

        Loss loss = new Loss(classifier, depth, o.temperature());
        double[] trainLoss = new double[o.epochs() + 1];
        trainLoss[0] = Double.NaN;
        double[] heldLoss = new double[held > 0 ? o.epochs() + 1 : 0];
        double[] heldAgree = new double[heldLoss.length];
        double[][] best = null;
        int bestEpoch = 0;
        if (held > 0) {
            double[] e = evaluate(g0, heldOut, heldTargets, loss, tch, p);
            heldLoss[0] = e[0];
            heldAgree[0] = e[1];
            best = snapshot(params);
        }
        for (Param prm : params) {
            prm.refresh(true);
        }
        int steps = (train.size() + o.batchSize() - 1) / o.batchSize();
        long totalSteps = (long) steps * o.epochs();
        long step = 0;
        Progress shared = new Shared(p);
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "prunus-finetune");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            byte[] noisy = new byte[recordSize];
            for (int epoch = 1; epoch <= o.epochs(); epoch++) {
                int[] perm = permutation(train.size(), random);
                double sum = 0;
                for (int s = 0; s < steps; s++) {
                    int from = s * o.batchSize();
                    int to = Math.min(train.size(), from + o.batchSize());
                    byte[][] inputs = new byte[to - from][];
                    Target[] targets = new Target[to - from];
                    for (int i = from; i < to; i++) {
                        byte[] rec = train.get(perm[i]);
                        targets[i - from] = trainTargets[perm[i]];
                        if (o.noise() > 0 || o.mixup() > 0) {
                            // Blends and noise make new inputs; the teacher answers them, so targets stay exact.
                            byte[] other = o.mixup() > 0 && random.nextDouble() < o.mixup()
                                    ? train.get(random.nextInt(train.size())) : null;
                            double l = other == null ? 1 : random.nextDouble();
                            for (int j = 0; j < recordSize; j++) {
                                double x = other == null ? rec[j] : l * rec[j] + (1 - l) * other[j];
                                if (o.noise() > 0) {
                                    x += o.noise() * gaussian(random);
                                }
                                noisy[j] = (byte) Math.max(-128, Math.min(127, Math.round(x)));
                            }
                            inputs[i - from] = noisy.clone();
                            targets[i - from] = tch.answer(inputs[i - from]);
                        } else {
                            inputs[i - from] = rec;
                        }
                    }
                    sum += batch(graphs, pool, inputs, targets, loss, tch, shared);
                    step++;
                    // Short linear warm-up (Adam's first moments are noisy), then cosine decay to 0.
                    double warm = Math.min(1, step / Math.max(1.0, totalSteps * WARMUP));
                    double lr = o.learningRate() * warm * 0.5 * (1 + Math.cos(Math.PI * (step - 1) / totalSteps));
                    adam(params, graphs, lr, o.anchorDecay(), step, to - from);
                    p.worked(to - from);
                }
                trainLoss[epoch] = sum / train.size();
                if (held > 0) {
                    double[] e = evaluate(g0, heldOut, heldTargets, loss, tch, p);
                    heldLoss[epoch] = e[0];
                    heldAgree[epoch] = e[1];
                    if (e[0] < heldLoss[bestEpoch]) {
                        bestEpoch = epoch;
                        best = snapshot(params);
                    }
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        if (held > 0) {
            restore(params, best);
        } else {
            bestEpoch = o.epochs();
        }
        Model out = write(student, params);
        return new Result(out, bestEpoch, trainLoss, heldLoss, heldAgree, train.size(), heldOut.size());
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new FineTuneException(message);
        }
    }

    /** The tensor the loss compares: the input of a final SOFTMAX, else the graph output. */
    static int logitsOf(Graph g) {
        check(g.outputs().length == 1 && g.inputs().length == 1, "fine-tuning needs a model with one input and one "
                + "output; the teacher has " + g.inputs().length + " inputs and " + g.outputs().length + " outputs");
        int out = g.outputs()[0];
        Operator producer = g.producerOf(out).orElse(null);
        return producer != null && producer.type() == OpType.SOFTMAX ? producer.inputIndex(0) : out;
    }

    /** The teacher's answer to one record: dequantized logits and raw int8 features. */
    record Target(double[] logits, byte[][] features) {
    }

    /** Runs the int8 teacher, capturing its logits and the feature tensors. */
    private static final class Teacher {
        private final Interpreter run;
        private final Graph g;
        private final int logits;
        private final List<Integer> features;
        private final java.util.Map<Integer, Integer> slot = new java.util.HashMap<>();

        Teacher(Interpreter run, Graph g, int logits, List<Integer> features) {
            this.run = run;
            this.g = g;
            this.logits = logits;
            this.features = features;
            for (int i = 0; i < features.size(); i++) {
                slot.put(features.get(i), i);
            }
        }

        synchronized Target answer(byte[] record) {
            byte[][] captured = new byte[1][];
            byte[][] feats = new byte[features.size()][];
            run.reset(); // each record is an independent sample
            byte[] out = run.run(new byte[][] {record}, (op, t, bytes) -> {
                if (t == logits) {
                    captured[0] = bytes;
                }
                Integer s = slot.get(t);
                if (s != null) {
                    feats[s] = bytes;
                }
            })[0];
            byte[] raw = captured[0] != null ? captured[0] : out;
            return new Target(dequantize(g.tensor(logits).quantization(), raw), feats);
        }

        double[] dequantize(int feature, byte[] raw) {
            return dequantize(g.tensor(features.get(feature)).quantization(), raw);
        }

        void dequantizeInto(int feature, byte[] raw, double[] out) {
            Quantization q = g.tensor(features.get(feature)).quantization();
            double s = q.scale(0);
            long zp = q.zeroPoint(0);
            for (int i = 0; i < raw.length; i++) {
                out[i] = s * (raw[i] - zp);
            }
        }

        private static double[] dequantize(Quantization q, byte[] raw) {
            double[] z = new double[raw.length];
            for (int i = 0; i < raw.length; i++) {
                z[i] = q.scale(0) * (raw[i] - q.zeroPoint(0));
            }
            return z;
        }
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Standard normal by Box-Muller (SplittableRandom has no nextGaussian on Java 17). */
    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** The distillation loss and its gradient at the student's logits. */
    static final class Loss {
        final boolean classifier;
        final int depth;
        final double t;

        Loss(boolean classifier, int depth, double temperature) {
            this.classifier = classifier;
            this.depth = depth;
            this.t = temperature;
        }

        /** Loss of one record; writes dLoss/dStudent into {@code d}. */
        double apply(double[] s, double[] target, double[] d) {
            int n = s.length;
            double value = 0;
            for (int i = 0; i < n; i++) {
                double e = s[i] - target[i];
                value += MSE_WEIGHT * e * e / n;
                d[i] = 2 * MSE_WEIGHT * e / n;
            }
            if (!classifier) {
                return value;
            }
            double[] ps = new double[depth];
            double[] pt = new double[depth];
            for (int r = 0; r < n / depth; r++) {
                int b = r * depth;
                softmax(s, b, ps);
                softmax(target, b, pt);
                for (int i = 0; i < depth; i++) {
                    if (pt[i] > 0) {
                        value += t * t * pt[i] * (Math.log(pt[i]) - Math.log(Math.max(ps[i], 1e-300)));
                    }
                    d[b + i] += t * (ps[i] - pt[i]);
                }
            }
            return value;
        }

        private void softmax(double[] z, int b, double[] p) {
            double mx = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < depth; i++) {
                mx = Math.max(mx, z[b + i]);
            }
            double sum = 0;
            for (int i = 0; i < depth; i++) {
                p[i] = Math.exp((z[b + i] - mx) / t);
                sum += p[i];
            }
            for (int i = 0; i < depth; i++) {
                p[i] /= sum;
            }
        }
    }

    /** Forward and backward of one mini-batch, split over the workers; returns the summed loss. */
    private static double batch(List<FloatGraph> graphs, ExecutorService pool, byte[][] inputs, Target[] targets,
            Loss loss, Teacher tch, Progress progress) {
        int w = graphs.size();
        List<Future<Double>> futures = new ArrayList<>();
        for (int k = 1; k < w && pool != null; k++) {
            int kk = k;
            futures.add(pool.submit(() -> work(graphs.get(kk), kk, w, inputs, targets, loss, tch, progress)));
        }
        double[] sums = new double[w];
        sums[0] = work(graphs.get(0), 0, w, inputs, targets, loss, tch, progress);
        for (int k = 1; k < w && pool == null; k++) {
            sums[k] = work(graphs.get(k), k, w, inputs, targets, loss, tch, progress);
        }
        double sum = sums[0];
        for (int k = 1; k < w && pool == null; k++) {
            sum += sums[k];
        }
        for (Future<Double> f : futures) {
            try {
                sum += f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CanceledException();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return sum;
    }

    private static double work(FloatGraph g, int first, int stride, byte[][] inputs, Target[] targets, Loss loss,
            Teacher tch, Progress progress) {
        g.clearParamGrad();
        double sum = 0;
        double[] d = null;
        for (int i = first; i < inputs.length; i += stride) {
            g.setInput(inputs[i]);
            double[] s = g.forward(progress);
            if (d == null) {
                d = new double[s.length];
            }
            sum += loss.apply(s, targets[i].logits(), d);
            setFeatures(g, tch, targets[i]);
            g.backward(d, progress);
            sum += g.featureLoss;
        }
        return sum;
    }

    private static void setFeatures(FloatGraph g, Teacher tch, Target t) {
        for (int fi = 0; fi < tch.features.size(); fi++) {
            int tensor = tch.features.get(fi);
            if (g.featureTarget[tensor] == null) {
                g.featureTarget[tensor] = new double[t.features()[fi].length];
            }
            tch.dequantizeInto(fi, t.features()[fi], g.featureTarget[tensor]);
        }
    }

    /** One Adam step on the summed worker gradients (mean over the batch); pruned weights never move. */
    private static void adam(List<Param> params, List<FloatGraph> graphs, double lr, double decay, long step,
            int batch) {
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        for (int pi = 0; pi < params.size(); pi++) {
            Param p = params.get(pi);
            double rate = lr * p.unit;
            for (int i = 0; i < p.value.length; i++) {
                if (!p.trainable[i]) {
                    continue;
                }
                double gsum = 0;
                for (FloatGraph g : graphs) {
                    gsum += g.paramGrad[pi][i];
                }
                double gr = gsum / batch;
                p.m[i] = BETA1 * p.m[i] + (1 - BETA1) * gr;
                p.v[i] = BETA2 * p.v[i] + (1 - BETA2) * gr * gr;
                double upd = (p.m[i] / c1) / (Math.sqrt(p.v[i] / c2) + EPS);
                p.value[i] -= rate * upd + lr * decay * (p.value[i] - p.anchor[i]);
            }
            p.refresh(true);
        }
    }

    /** Mean loss and top-1 agreement on held-out records (forward only). */
    private static double[] evaluate(FloatGraph g, List<byte[]> records, Target[] targets, Loss loss, Teacher tch,
            Progress progress) {
        for (Param prm : g.params) {
            prm.refresh(true);
        }
        double sum = 0;
        int agree = 0;
        double[] d = null;
        for (int i = 0; i < records.size(); i++) {
            g.setInput(records.get(i));
            double[] s = g.forward(progress);
            if (d == null) {
                d = new double[s.length];
            }
            sum += loss.apply(s, targets[i].logits(), d);
            agree += argmax(s) == argmax(targets[i].logits()) ? 1 : 0;
        }
        return new double[] {sum / records.size(), agree / (double) records.size()};
    }

    private static int argmax(double[] z) {
        int best = 0;
        for (int i = 1; i < z.length; i++) {
            if (z[i] > z[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[][] snapshot(List<Param> params) {
        double[][] s = new double[params.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = params.get(i).value.clone();
        }
        return s;
    }

    private static void restore(List<Param> params, double[][] s) {
        for (int i = 0; i < s.length; i++) {
            System.arraycopy(s[i], 0, params.get(i).value, 0, s[i].length);
        }
    }

    /** The student with every parameter requantized: weights to int8, biases to int32 at input x weight scale. */
    static Model write(Model student, List<Param> params) {
        Graph g = student.main();
        List<Tensor> tensors = new ArrayList<>(g.tensors());
        java.util.Map<Integer, Param> byTensor = new java.util.HashMap<>();
        for (Param p : params) {
            byTensor.put(p.tensor, p);
        }
        for (Operator op : g.operators()) {
            int wi = op.inputIndex(1);
            Param w = byTensor.get(wi);
            if (w == null || w.bias || (op.type() != OpType.CONV_2D && op.type() != OpType.DEPTHWISE_CONV_2D
                    && op.type() != OpType.FULLY_CONNECTED)) {
                continue;
            }
            double[] values = w.value.clone();
            for (int i = 0; i < values.length; i++) {
                if (!w.trainable[i]) {
                    values[i] = 0; // the zero pattern is the pruning: keep it exactly
                }
            }
            WeightQuantizer.Int8 q = WeightQuantizer.quantizeWeights(values, w.shape, w.quantization);
            tensors.set(wi, tensors.get(wi).withData(q.data()).withQuantization(q.quantization()));
            int bi = op.inputIndex(2);
            Param b = bi >= 0 ? byTensor.get(bi) : null;
            if (b != null) {
                double inScale = g.tensor(op.inputIndex(0)).quantization().scale(0);
                Quantization perOutput = perOutputChannel(q.quantization(), w.shape, op.type(), b.value.length);
                WeightQuantizer.Int32 bq = WeightQuantizer.quantizeBias(b.value, inScale, perOutput, b.quantization);
                tensors.set(bi, tensors.get(bi).withData(bq.data()).withQuantization(bq.quantization()));
            }
        }
        return student.withMain(g.withTensors(tensors));
    }

    /** Weight scales indexed by output channel (the bias axis), whatever the weights' quantized dimension. */
    private static Quantization perOutputChannel(Quantization wq, int[] shape, OpType type, int cout) {
        if (!wq.perChannel()) {
            return wq;
        }
        check(wq.channelCount() == cout, "weights with " + wq.channelCount() + " scales on axis "
                + wq.quantizedDimension() + " " + Arrays.toString(shape) + " do not match " + cout + " biases");
        return wq;
    }

    /** Lets worker threads ask for cancellation one at a time (progress sinks need not be thread-safe). */
    private static final class Shared implements Progress {
        private final Progress p;

        Shared(Progress p) {
            this.p = p;
        }

        @Override
        public void begin(String task, int totalWork) {
            p.begin(task, totalWork);
        }

        @Override
        public synchronized void worked(int work) {
            p.worked(work);
        }

        @Override
        public synchronized boolean isCanceled() {
            return p.isCanceled();
        }
    }
}
