package dev.prunus.core.validate;

/**
 * What {@link CValidator#validate} measured.
 *
 * @param target        where the code ran
 * @param records       records run
 * @param bitExact      records whose C output equals the interpreter's byte for byte
 * @param firstMismatch the first record that differs, -1 when none
 * @param top1Agreement records whose C argmax equals the interpreter's argmax
 * @param correct       records whose C argmax equals the label, -1 without labels
 * @param instructions  executed instructions of each inference (exact, QEMU -icount), null on the host
 * @param macs          multiply-accumulates of one inference (interpreter count)
 * @param image         sizes from the linked image, null on the host
 * @param stackBytes    stack high-water mark of an inference (painted stack, includes the harness' frame), -1 on
 *                      the host
 * @param outputs       the C outputs, one array per record
 * @param stateCarried  whether variable tensors carried from one record to the next (a stateful model run without
 *                      reset-each); false for a stateless model
 */
public record ValidationResult(CValidator.Target target, int records, int bitExact, int firstMismatch,
        int top1Agreement, int correct, long[] instructions, long macs, ImageSizes image, long stackBytes,
        byte[][] outputs, boolean stateCarried) {

    /** Mean instructions per inference, -1 on the host. */
    public long meanInstructions() {
        if (instructions == null || instructions.length == 0) {
            return -1;
        }
        long sum = 0;
        for (long v : instructions) {
            sum += v;
        }
        return Math.round((double) sum / instructions.length);
    }

    /** Mean instructions per MAC, NaN on the host. */
    public double instructionsPerMac() {
        return instructions == null || macs == 0 ? Double.NaN : (double) meanInstructions() / macs;
    }
}
