package dev.prunus.core.train;

/**
 * The training losses on one slice of logits, with their gradients. For a classifier: {@code w T^2 KL(p_t || p_s)}
 * on temperature-softened softmaxes (Hinton et al.; gradient {@code w T (p_s - p_t)}) plus {@code (1 - w)} times
 * cross-entropy with the label, where {@code w} is the distillation weight when both a teacher and a label exist,
 * 1 with a teacher alone, 0 with a label alone. Without a final SOFTMAX: mean squared error to the teacher.
 */
final class Losses {

    private Losses() {
    }

    /**
     * @param z        student logits, {@code n x depth}
     * @param teacher  teacher logits or null
     * @param labels   class per sample, -1 when unknown
     * @param scale    1 / batch size: gradients are of the batch mean
     * @param grad     receives dLoss/dz (times {@code scale})
     * @return the summed loss of the slice
     */
    static double compute(float[] z, float[] teacher, int[] labels, int n, int depth, boolean classifier,
            double temperature, double distillationWeight, double scale, float[] grad) {
        double total = 0;
        double[] ps = new double[depth];
        double[] pt = new double[depth];
        for (int i = 0; i < n; i++) {
            int base = i * depth;
            if (!classifier) {
                for (int j = 0; j < depth; j++) {
                    double e = z[base + j] - teacher[base + j];
                    total += e * e / depth;
                    grad[base + j] = (float) (2 * e / depth * scale);
                }
                continue;
            }
            int label = labels[i];
            if (label >= depth) {
                throw new TrainingException("label " + label + " is outside the model's " + depth + " classes");
            }
            double wKd = teacher == null ? 0 : label < 0 ? 1 : distillationWeight;
            double wCe = label < 0 ? 0 : 1 - wKd;
            java.util.Arrays.fill(ps, 0);
            if (wKd > 0) {
                softmax(z, base, depth, 1 / temperature, ps);
                softmax(teacher, base, depth, 1 / temperature, pt);
                double kl = 0;
                for (int j = 0; j < depth; j++) {
                    if (pt[j] > 0) {
                        kl += pt[j] * (Math.log(pt[j]) - Math.log(Math.max(ps[j], 1e-30)));
                    }
                    grad[base + j] = (float) (wKd * temperature * (ps[j] - pt[j]) * scale);
                }
                total += wKd * temperature * temperature * kl;
            } else {
                for (int j = 0; j < depth; j++) {
                    grad[base + j] = 0;
                }
            }
            if (wCe > 0) {
                softmax(z, base, depth, 1, ps);
                total += -wCe * Math.log(Math.max(ps[label], 1e-30));
                for (int j = 0; j < depth; j++) {
                    grad[base + j] += (float) (wCe * (ps[j] - (j == label ? 1 : 0)) * scale);
                }
            }
        }
        return total;
    }

    static void softmax(float[] z, int base, int depth, double beta, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < depth; j++) {
            max = Math.max(max, z[base + j]);
        }
        double sum = 0;
        for (int j = 0; j < depth; j++) {
            out[j] = Math.exp(beta * (z[base + j] - max));
            sum += out[j];
        }
        for (int j = 0; j < depth; j++) {
            out[j] /= sum;
        }
    }
}
