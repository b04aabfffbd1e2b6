package dev.prunus.core.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.prunus.core.PrunusException;
import dev.prunus.core.ir.Model;
import dev.prunus.core.ir.Tensor;
import dev.prunus.core.progress.CanceledException;
import dev.prunus.core.progress.Progress;

/**
 * Trains an int8 model in float32 and writes the result back as an int8 model.
 *
 * <pre>{@code
 * Trainer t = Trainer.create(pruned, original, TrainOptions.DEFAULTS.withEpochs(5));
 * t.maskZeros();                        // the pruned model's zeros stay zero
 * Trainer.Result r = t.train(data, progress);
 * Model trained = t.toModel();          // same operators; new weights, biases and activation ranges
 * }</pre>
 *
 * Each step splits the batch into one fixed slice per thread; every thread runs forward and backward on its slice
 * with its own buffers and gradients, then the gradients are summed in thread order and one thread updates. So a
 * seed and a thread count give the same bytes on every run. Loss per sample: with a teacher, {@code T^2 KL(softmax
 * (t/T) || softmax(s/T))} on the logits (the input of the final SOFTMAX); with a label, cross-entropy; both are
 * mixed by {@link TrainOptions#distillationWeight()}. A model without a final SOFTMAX (an autoencoder) learns the
 * teacher's outputs by mean squared error.
 */
public final class Trainer {

    private static final double ADAM_BETA2 = 0.999;
    private static final double ADAM_EPSILON = 1e-8;

    private final Model model;
    private final Network student;
    private final Network teacher;
    private final TrainOptions options;
    private final List<Workspace> work = new ArrayList<>();
    private final List<Workspace> teacherWork = new ArrayList<>();
    private final float[][] inputs;
    private final float[][] scratch;
    /** Per parameter factor on Adam's step ({@link TrainOptions#relativeRates}), 1 when off. */
    private final double[] rateFactor;
    private long step;

    /**
     * What a run did.
     *
     * @param epochLoss mean training loss of each epoch
     * @param steps     updates made
     * @param seconds   wall time of the run
     */
    public record Result(double[] epochLoss, long steps, double seconds) {
        public Result {
            epochLoss = epochLoss.clone();
        }

        @Override
        public double[] epochLoss() {
            return epochLoss.clone();
        }
    }

    private Trainer(Model model, Model teacherModel, TrainOptions options) {
        this.model = model;
        this.options = options;
        this.student = new Network(model);
        this.teacher = teacherModel == null ? null : new Network(teacherModel);
        if (teacher != null) {
            int s = student.perSample[student.logits];
            int t = teacher.perSample[teacher.logits];
            if (s != t || student.perSample[student.input] != teacher.perSample[teacher.input]) {
                throw new TrainingException("the teacher does not fit the student: logits " + t + " against " + s
                        + " values, inputs " + teacher.perSample[teacher.input] + " against "
                        + student.perSample[student.input]);
            }
        }
        int capacity = (options.batchSize() + options.threads() - 1) / options.threads();
        int sample = student.perSample[student.input];
        inputs = new float[options.threads()][capacity * sample];
        scratch = new float[options.threads()][sample];
        for (int t = 0; t < options.threads(); t++) {
            work.add(student.workspace(capacity));
            if (teacher != null) {
                teacherWork.add(teacher.workspace(capacity));
            }
        }
        student.prepare(options.fakeQuant());
        if (teacher != null) {
            teacher.prepare(options.fakeQuant());
        }
        rateFactor = rateFactors(student.params, options.relativeRates()
                && options.optimizer() == TrainOptions.Optimizer.ADAM);
    }

    /**
     * Each weight tensor's RMS over the median RMS of all weight tensors (biases and all-zero tensors 1), or all
     * 1 when {@code relative} is off.
     */
    static double[] rateFactors(List<Param> params, boolean relative) {
        double[] f = new double[params.size()];
        Arrays.fill(f, 1.0);
        if (!relative) {
            return f;
        }
        double[] rms = new double[params.size()];
        List<Double> all = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Param p = params.get(i);
            if (p.bias || p.value.length == 0) {
                continue;
            }
            double sum = 0;
            for (float v : p.value) {
                sum += (double) v * v;
            }
            rms[i] = Math.sqrt(sum / p.value.length);
            if (rms[i] > 0) {
                all.add(rms[i]);
            }
        }
        if (all.isEmpty()) {
            return f;
        }
        all.sort(null);
        double median = all.get(all.size() / 2);
        for (int i = 0; i < f.length; i++) {
            if (rms[i] > 0) {
                f[i] = rms[i] / median;
            }
        }
        return f;
    }

    /**
     * A trainer of {@code student}, distilling from {@code teacher} (the unpruned model, or null to learn from
     * labels alone).
     *
     * @throws TrainingException for an operator the engine does not model or a teacher that does not fit
     */
    public static Trainer create(Model student, Model teacher, TrainOptions options) {
        return new Trainer(student, teacher, options == null ? TrainOptions.DEFAULTS : options);
    }

    public TrainOptions options() {
        return options;
    }

    /** Floats per input sample. */
    public int sampleSize() {
        return student.perSample[student.input];
    }

    /** Values per sample at the logits (the classes of a classifier). */
    public int logitCount() {
        return student.perSample[student.logits];
    }

    /**
     * Holds the elements of a weight (or bias) tensor where {@code keep} is false at exactly zero, from now on.
     *
     * @throws TrainingException when the tensor is not a trained parameter or the mask has the wrong length
     */
    public void mask(int tensorIndex, boolean[] keep) {
        Param p = student.param(tensorIndex);
        if (p == null) {
            throw new TrainingException("tensor " + tensorIndex + " is not a weight or bias of a CONV_2D, "
                    + "DEPTHWISE_CONV_2D or FULLY_CONNECTED; only those can be masked");
        }
        if (keep.length != p.value.length) {
            throw new TrainingException("the mask of " + p + " has " + keep.length + " elements, the tensor "
                    + p.value.length);
        }
        p.keep = keep.clone();
        p.applyMask();
        student.prepare(options.fakeQuant());
    }

    /** Masks every weight that is zero in the model (a pruned model's removed units). Biases stay trainable. */
    public void maskZeros() {
        for (Param p : student.params) {
            if (!p.bias) {
                Tensor t = model.main().tensor(p.tensor);
                mask(p.tensor, Masks.keepNonZero(t));
            }
        }
    }

    /**
     * What a caller may do between epochs: change masks (pruning schedules), read weights and importance. Called
     * on the training thread; {@link #afterEpoch} may measure validation accuracy with {@link #accuracy}.
     */
    public interface EpochHook {
        /** Before epoch {@code epoch} (0-based) of {@code epochs}. */
        default void beforeEpoch(int epoch, int epochs) {
        }

        /** Before step {@code step} (0-based) of an epoch of {@code steps} steps. */
        default void beforeStep(int epoch, int step, int steps) {
        }

        /** After an epoch, with its mean training loss. */
        default void afterEpoch(int epoch, int epochs, double loss) {
        }
    }

    /**
     * Starts (or stops) accumulating the first-order Taylor importance {@code sum over updates of (w g)^2} of every
     * weight element, readable with {@link #taylor}; starting clears what was accumulated.
     */
    public void trackTaylor(boolean on) {
        for (Param p : student.params) {
            if (!p.bias) {
                p.taylor = on ? new float[p.value.length] : null;
            }
        }
    }

    /** The accumulated Taylor importance of a weight tensor (a copy), or null when not tracked. */
    public float[] taylor(int tensorIndex) {
        Param p = student.param(tensorIndex);
        return p == null || p.taylor == null ? null : p.taylor.clone();
    }

    /** The current real-valued (float master) weights of a weight or bias tensor, in its layout (a copy). */
    public float[] weights(int tensorIndex) {
        Param p = student.param(tensorIndex);
        if (p == null) {
            throw new TrainingException("tensor " + tensorIndex + " is not a trained weight or bias");
        }
        return p.value.clone();
    }

    /**
     * Replaces the weights and biases with those of {@code m}, a model with this trainer's operators and tensors
     * (for example the student after a least-squares refit of its kept weights); masks stay, optimizer moments
     * and activation ranges continue.
     *
     * @throws TrainingException when a trained tensor of {@code m} does not match in shape or type
     */
    public void load(Model m) {
        for (Param p : student.params) {
            if (p.tensor >= m.main().tensors().size()) {
                throw new TrainingException("the model to load has no tensor " + p.tensor + " (" + p + ")");
            }
            Tensor t = m.main().tensor(p.tensor);
            if (t.elementCount() != p.value.length || !t.isConstant()) {
                throw new TrainingException("the model to load has " + t + " where the trainer has " + p);
            }
            double[] d = p.bias ? dev.prunus.core.quant.WeightQuantizer.dequantizeInt32(t.data(), t.quantization())
                    : dev.prunus.core.quant.WeightQuantizer.dequantizeInt8(t.data(), t.shape(), t.quantization());
            for (int i = 0; i < d.length; i++) {
                p.value[i] = (float) d[i];
            }
            p.applyMask();
        }
        student.prepare(options.fakeQuant());
    }

    /** Tensor indices of the trained weights (not biases), in operator order. */
    public int[] weightTensors() {
        return student.params.stream().filter(p -> !p.bias).mapToInt(p -> p.tensor).toArray();
    }

    // ------------------------------------------------------------------------------------------ training
    /**
     * Trains for {@link TrainOptions#epochs()} epochs. Progress gets one unit per step.
     *
     * @throws TrainingException when the data does not fit the model or has neither labels nor a teacher
     * @throws CanceledException when {@code progress} is canceled (the trainer keeps the last finished step)
     */
    public Result train(TrainingData data, Progress progress) {
        return train(data, progress, null);
    }

    /**
     * Trains like {@link #train(TrainingData, Progress)}, calling {@code hook} around every epoch; the learning
     * rate schedule spans all epochs.
     */
    public Result train(TrainingData data, Progress progress, EpochHook hook) {
        Progress p = progress == null ? Progress.NONE : progress;
        checkData(data);
        long start = System.nanoTime();
        int batch = options.batchSize();
        int stepsPerEpoch = (data.size() + batch - 1) / batch;
        long total = (long) stepsPerEpoch * options.epochs();
        double[] epochLoss = new double[options.epochs()];
        Augmenter augmenter = new Augmenter(student.graph.tensor(student.input).shape(), options.randomCrop(),
                options.cropPadding(), options.horizontalFlip(), options.seed());
        p.begin("Training", (int) Math.min(Integer.MAX_VALUE, total));
        long first = step;
        ExecutorService pool = options.threads() > 1 ? Executors.newFixedThreadPool(options.threads(), r -> {
            Thread t = new Thread(r, "prunus-train");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            for (int epoch = 0; epoch < options.epochs(); epoch++) {
                if (hook != null) {
                    hook.beforeEpoch(epoch, options.epochs());
                }
                int[] order = TrainingData.shuffledOrder(data.size(), options.seed() * 31 + epoch);
                double sum = 0;
                for (int s = 0; s < stepsPerEpoch; s++) {
                    p.checkCanceled();
                    if (hook != null) {
                        hook.beforeStep(epoch, s, stepsPerEpoch);
                    }
                    int from = s * batch;
                    int count = Math.min(batch, data.size() - from);
                    double rate = learningRate(step - first, total);
                    sum += step(pool, data, order, from, count, epoch, augmenter, rate);
                    step++;
                    p.worked(1);
                }
                epochLoss[epoch] = sum / data.size();
                if (hook != null) {
                    hook.afterEpoch(epoch, options.epochs(), epochLoss[epoch]);
                }
            }
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
        return new Result(epochLoss, step - first, (System.nanoTime() - start) / 1e9);
    }

    private void checkData(TrainingData data) {
        if (data == null || data.size() == 0) {
            throw new TrainingException("training needs at least one sample");
        }
        if (data.sampleSize() != sampleSize()) {
            throw new TrainingException("training samples have " + data.sampleSize() + " values; the model's input "
                    + student.graph.tensor(student.input) + " needs " + sampleSize());
        }
        boolean labels = data.label(0) >= 0;
        if (!labels && teacher == null) {
            throw new TrainingException("the training data has no labels and there is no teacher model: give one");
        }
        if (labels && !student.classifier && teacher == null) {
            throw new TrainingException("labels need a classifier (a model ending in SOFTMAX); this model has none");
        }
    }

    /** Linear warm-up, then cosine from the peak down to the minimum. */
    double learningRate(long s, long total) {
        double peak = options.learningRate();
        long warm = (long) Math.floor(options.warmupFraction() * total);
        if (s < warm) {
            return peak * (s + 1) / (warm + 1);
        }
        double t = total - warm <= 1 ? 0 : (double) (s - warm) / (total - warm - 1);
        double min = peak * options.minLearningRate();
        return min + (peak - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1, t)));
    }

    /** One update on samples {@code order[from .. from+count)}; returns the summed loss. */
    private double step(ExecutorService pool, TrainingData data, int[] order, int from, int count, int epoch,
            Augmenter augmenter, double rate) {
        int threads = options.threads();
        double[] losses = new double[threads];
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            int lo = from + (int) ((long) count * t / threads);
            int hi = from + (int) ((long) count * (t + 1) / threads);
            Runnable task = () -> losses[id] = slice(id, data, order, lo, hi, epoch, augmenter, count);
            if (pool == null) {
                task.run();
            } else {
                futures.add(pool.submit(task));
            }
        }
        join(futures);
        double loss = 0;
        for (double l : losses) {
            loss += l;
        }
        update(rate);
        if (options.estimateRanges()) {
            for (RangeGroup g : student.groups) {
                float mn = Float.POSITIVE_INFINITY;
                float mx = Float.NEGATIVE_INFINITY;
                for (Workspace ws : work) {
                    mn = Math.min(mn, ws.observedMin[g.id]);
                    mx = Math.max(mx, ws.observedMax[g.id]);
                }
                g.update(mn, mx, (float) options.rangeMomentum());
            }
        }
        student.prepare(options.fakeQuant());
        return loss;
    }

    private static void join(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CanceledException();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof PrunusException pe) {
                    throw pe;
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /** Forward, loss and backward of one thread's slice; returns its summed loss. */
    private double slice(int id, TrainingData data, int[] order, int lo, int hi, int epoch, Augmenter augmenter,
            int batchCount) {
        Workspace ws = work.get(id);
        ws.clearParamGrads();
        ws.resetObserved();
        int n = hi - lo;
        if (n == 0) {
            return 0;
        }
        int size = sampleSize();
        float[] x = inputs[id];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            data.read(order[lo + i], x, i * size);
            augmenter.apply(x, i * size, scratch[id], epoch, lo + i);
            labels[i] = data.label(order[lo + i]);
        }
        student.setInput(ws, x, n);
        student.forward(ws, n, student.trainNodes, options.estimateRanges());
        float[] target = null;
        if (teacher != null) {
            Workspace tw = teacherWork.get(id);
            teacher.setInput(tw, x, n);
            teacher.forward(tw, n, teacher.trainNodes, false);
            target = tw.val[teacher.logits];
        }
        int depth = student.perSample[student.logits];
        float[] grad = new float[n * depth];
        double loss = Losses.compute(ws.val[student.logits], target, labels, n, depth, student.classifier,
                options.temperature(), options.distillationWeight(), 1.0 / batchCount, grad);
        student.backward(ws, n, student.trainNodes, grad);
        return loss;
    }

    /** Sums the threads' gradients in thread order and takes one optimizer step. */
    private void update(double rate) {
        long t = step + 1;
        double b1 = options.momentum();
        double correction1 = 1 - Math.pow(b1, t);
        double correction2 = 1 - Math.pow(ADAM_BETA2, t);
        for (int pi = 0; pi < student.params.size(); pi++) {
            Param p = student.params.get(pi);
            float[] g = p.grad;
            Arrays.fill(g, 0f);
            for (Workspace ws : work) {
                float[][] rows = ws.paramGrad[pi];
                for (int r = 0; r < p.rowCount; r++) {
                    float[] row = rows[r];
                    int base = r * p.cols;
                    for (int j = 0; j < p.cols; j++) {
                        g[base + j] += row[j];
                    }
                }
            }
            float[] w = p.value;
            double decay = p.bias ? 0 : rate * options.weightDecay();
            float[] taylor = p.taylor;
            for (int i = 0; i < w.length; i++) {
                double gi = g[i];
                if (taylor != null) {
                    float wg = (float) (w[i] * gi);
                    taylor[i] += wg * wg;
                }
                double delta;
                if (options.optimizer() == TrainOptions.Optimizer.ADAM) {
                    p.moment1[i] = (float) (b1 * p.moment1[i] + (1 - b1) * gi);
                    p.moment2[i] = (float) (ADAM_BETA2 * p.moment2[i] + (1 - ADAM_BETA2) * gi * gi);
                    delta = rate * rateFactor[pi] * (p.moment1[i] / correction1)
                            / (Math.sqrt(p.moment2[i] / correction2) + ADAM_EPSILON);
                } else {
                    p.moment1[i] = (float) (b1 * p.moment1[i] + gi);
                    delta = rate * p.moment1[i];
                }
                w[i] = (float) (w[i] - delta - decay * w[i]);
            }
            p.applyMask();
        }
    }

    // ------------------------------------------------------------------------------------------ evaluation
    /** The student's logits for every sample (no augmentation, ranges untouched), {@code [size][logitCount]}. */
    public float[][] logits(TrainingData data) {
        checkEval(data);
        int depth = logitCount();
        float[][] out = new float[data.size()][depth];
        int capacity = work.get(0).capacity;
        Workspace ws = work.get(0);
        float[] x = inputs[0];
        for (int from = 0; from < data.size(); from += capacity) {
            int n = Math.min(capacity, data.size() - from);
            for (int i = 0; i < n; i++) {
                data.read(from + i, x, i * sampleSize());
            }
            student.setInput(ws, x, n);
            student.forward(ws, n, student.trainNodes, false);
            float[] v = ws.val[student.logits];
            for (int i = 0; i < n; i++) {
                System.arraycopy(v, i * depth, out[from + i], 0, depth);
            }
        }
        return out;
    }

    /**
     * The mean training loss on {@code data} (distillation from the teacher and, where labelled, cross-entropy, as
     * {@link #train} weighs them), without augmentation, update or range change: a held-out figure to pick an epoch
     * by.
     *
     * @throws TrainingException when the data does not fit the model or has neither labels nor a teacher
     */
    public double loss(TrainingData data) {
        checkEval(data);
        checkData(data);
        int depth = logitCount();
        int capacity = work.get(0).capacity;
        Workspace ws = work.get(0);
        float[] x = inputs[0];
        int[] labels = new int[capacity];
        float[] grad = new float[capacity * depth];
        double sum = 0;
        for (int from = 0; from < data.size(); from += capacity) {
            int n = Math.min(capacity, data.size() - from);
            for (int i = 0; i < n; i++) {
                data.read(from + i, x, i * sampleSize());
                labels[i] = data.label(from + i);
            }
            student.setInput(ws, x, n);
            student.forward(ws, n, student.trainNodes, false);
            float[] target = null;
            if (teacher != null) {
                Workspace tw = teacherWork.get(0);
                teacher.setInput(tw, x, n);
                teacher.forward(tw, n, teacher.trainNodes, false);
                target = tw.val[teacher.logits];
            }
            sum += Losses.compute(ws.val[student.logits], target, labels, n, depth, student.classifier,
                    options.temperature(), options.distillationWeight(), 1.0, grad);
        }
        return sum / data.size();
    }

    /** Top-1 accuracy of the student on labelled data. */
    public double accuracy(TrainingData data) {
        float[][] z = logits(data);
        int right = 0;
        for (int i = 0; i < z.length; i++) {
            int best = 0;
            for (int j = 1; j < z[i].length; j++) {
                if (z[i][j] > z[i][best]) {
                    best = j;
                }
            }
            if (best == data.label(i)) {
                right++;
            }
        }
        return (double) right / z.length;
    }

    private void checkEval(TrainingData data) {
        if (data == null || data.size() == 0 || data.sampleSize() != sampleSize()) {
            throw new TrainingException("evaluation data must hold samples of " + sampleSize() + " values");
        }
    }

    /** Multiply-accumulates of one sample's forward pass through the trained operators (convolutions and FC). */
    public long forwardMacs() {
        long macs = 0;
        for (var op : student.graph.operators()) {
            if (op.index() >= student.trainNodes) {
                break;
            }
            Param w = student.param(op.inputIndex(1));
            if (w == null || w.bias) {
                continue;
            }
            int outputs = student.perSample[op.outputIndex(0)];
            int perOutput = switch (op.type()) {
                case CONV_2D, FULLY_CONNECTED -> w.cols;
                case DEPTHWISE_CONV_2D -> w.rowCount;
                default -> 0;
            };
            macs += (long) outputs * perOutput;
        }
        return macs;
    }

    // ------------------------------------------------------------------------------------------ write-back
    /**
     * The trained model: the original's operators and tensors with requantized weights (int8) and biases (int32 at
     * input scale x weight scale), and the re-estimated activation ranges. Immutable, writable by the TfliteWriter.
     */
    public Model toModel() {
        return WriteBack.write(model, student);
    }

    /** The engine, for tests and benchmarks in this package. */
    Network network() {
        return student;
    }
}
