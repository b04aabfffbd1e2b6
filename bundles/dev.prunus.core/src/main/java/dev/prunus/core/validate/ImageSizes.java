package dev.prunus.core.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Sizes of the model's parts in a linked Cortex-M image, from {@code arm-none-eabi-nm -S}: code = functions of the
 * generated file and the runtime kernels ({@code pn_*}, {@code <name>_*}, without the platform's counter and
 * startup), constants = the generated file's constant arrays and parameter structs ({@code opN_*}: weights, bias,
 * requantization arrays, index), arena = the harness' arena array.
 */
public record ImageSizes(long codeBytes, long constantBytes, long arenaBytes) {

    private static final Pattern CONSTANT = Pattern.compile("op\\d+_.*");

    static ImageSizes of(Path elf, String name) throws IOException {
        String out = CValidator.run(List.of("arm-none-eabi-nm", "-S", "--size-sort", elf.toString()),
                elf.getParent(), 120, "reading the symbols of " + elf.getFileName());
        long code = 0;
        long constants = 0;
        long arena = 0;
        for (String line : out.split("\n")) {
            String[] p = line.trim().split("\\s+");
            if (p.length != 4) {
                continue;
            }
            long size = Long.parseLong(p[1], 16);
            char type = Character.toLowerCase(p[2].charAt(0));
            String sym = p[3];
            if (CONSTANT.matcher(sym).matches() && (type == 't' || type == 'r' || type == 'd')) {
                constants += size;
            } else if (type == 't' && (sym.startsWith(name + "_") || sym.startsWith("pn_") && !sym.startsWith("pn_bench") && !sym.startsWith("pn_record")
                    && !sym.startsWith("pn_reset") && !sym.startsWith("pn_default") && !sym.startsWith("pn_fault"))) {
                code += size;
            } else if (type == 'b' && sym.equals("arena")) {
                arena = size;
            }
        }
        return new ImageSizes(code, constants, arena);
    }

    /** Flash of the model: code plus constants. */
    public long flashBytes() {
        return codeBytes + constantBytes;
    }
}
