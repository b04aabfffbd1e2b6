package dev.prunus.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.prunus.core.progress.Progress;

/**
 * Reads {@code DIR/<label>/*.wav}: 16-bit PCM mono RIFF files, one clip per sample, as int16 values (mapped to
 * {@code x = v / 32768}). A clip shorter than the model's input is padded with silence at the end (Speech
 * Commands' convention); a longer one is an error.
 */
final class WavFolderReader {

    static final List<String> EXTENSIONS = List.of("wav");

    private WavFolderReader() {
    }

    static RawData read(Path dir, InputSpec spec, Progress progress) throws IOException {
        ClassFolders folders = ClassFolders.list(dir, EXTENSIONS, spec.classes(), "WAV files");
        int length = spec.elementCount();
        int count = folders.sampleCount();
        short[] samples = new short[Math.multiplyExact(count, length)];
        int[] labels = new int[count];
        int padded = 0;
        int rate = -1;
        progress.begin("Reading " + count + " WAV files", count);
        int s = 0;
        int label = 0;
        for (Map.Entry<String, List<Path>> e : folders.files.entrySet()) {
            for (Path file : e.getValue()) {
                progress.checkCanceled();
                Clip clip = decode(Files.readAllBytes(file), file);
                if (rate < 0) {
                    rate = clip.rate;
                } else if (rate != clip.rate) {
                    throw new DataException(DataException.Problem.SHAPE, file, "is sampled at " + clip.rate
                            + " Hz, the files before it at " + rate + " Hz; resample every clip to one rate");
                }
                if (clip.samples.length > length) {
                    throw new DataException(DataException.Problem.SHAPE, file, "holds " + clip.samples.length
                            + " samples, the model's input " + spec.shapeText() + " takes " + length
                            + "; cut the clip to at most " + length + " samples");
                }
                if (clip.samples.length < length) {
                    padded++;
                }
                System.arraycopy(clip.samples, 0, samples, s * length, clip.samples.length);
                labels[s++] = label;
                progress.worked(1);
            }
            label++;
        }
        String text = "WAV folder " + dir + ": " + count + " clips in " + folders.files.size() + " classes ("
                + folders.orderText() + "), 16-bit PCM mono at " + rate + " Hz"
                + (padded > 0 ? ", " + padded + " shorter than " + length + " samples padded with silence" : "");
        return RawData.ofShorts(RawData.Kind.AUDIO, count, length, samples).labelled(labels, folders.classNames(),
                text);
    }

    private record Clip(int rate, short[] samples) {
    }

    private static Clip decode(byte[] data, Path file) {
        ByteBuffer b = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        if (data.length < 12 || b.getInt(0) != 0x46464952 /* RIFF */ || b.getInt(8) != 0x45564157 /* WAVE */) {
            throw new DataException(DataException.Problem.UNREADABLE, file, "is not a RIFF/WAVE file; give 16-bit "
                    + "PCM mono .wav files");
        }
        int at = 12;
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        while (at + 8 <= data.length) {
            int id = b.getInt(at);
            long size = b.getInt(at + 4) & 0xffffffffL;
            int body = at + 8;
            if (id == 0x20746d66 /* "fmt " */ && size >= 16 && body + 16 <= data.length) {
                format = b.getShort(body) & 0xffff;
                channels = b.getShort(body + 2) & 0xffff;
                rate = b.getInt(body + 4);
                bits = b.getShort(body + 14) & 0xffff;
            } else if (id == 0x61746164 /* "data" */) {
                if (format < 0) {
                    break;
                }
                if (format != 1 || channels != 1 || bits != 16) {
                    throw new DataException(DataException.Problem.UNSUPPORTED_TYPE, file, "is " + (format == 1
                            ? "PCM" : "format " + format) + ", " + channels + " channel(s), " + bits + " bits; "
                            + "convert it to 16-bit PCM mono (e.g. sox in.wav -b 16 -c 1 out.wav)");
                }
                int n = (int) Math.min(size, data.length - body) / 2;
                short[] samples = new short[n];
                for (int i = 0; i < n; i++) {
                    samples[i] = b.getShort(body + 2 * i);
                }
                return new Clip(rate, samples);
            }
            at = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        throw new DataException(DataException.Problem.UNREADABLE, file, "has no fmt and data chunks; the file is "
                + "truncated or not a WAV file");
    }
}
