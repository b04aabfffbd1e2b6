package dev.prunus.core.parts;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The STM32 parts Prunus knows, read from {@code parts.json} beside this class (data, not code: a part is added
 * by adding a line), and the part a CubeMX project is for, from its {@code .ioc} file.
 */
public final class PartCatalogue {

    private static final Pattern USER_NAME = Pattern.compile("(?m)^Mcu\\.UserName\\s*=\\s*(\\S+)\\s*$");
    private static final PartCatalogue DEFAULT = load();

    private final List<Part> parts;

    PartCatalogue(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /** The catalogue shipped with Prunus. */
    public static PartCatalogue get() {
        return DEFAULT;
    }

    /** Every part, in catalogue order (by family, then size). */
    public List<Part> parts() {
        return parts;
    }

    /** The part of an exact catalogue name (case-insensitive). */
    public Optional<Part> byName(String name) {
        return name == null ? Optional.empty()
                : parts.stream().filter(p -> p.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /**
     * The part a CubeMX name denotes: the catalogue part whose name starts the given one (CubeMX appends package
     * and temperature range, {@code STM32F401RETx}); empty when no catalogue part matches (never guessed).
     */
    public Optional<Part> match(String cubeName) {
        if (cubeName == null) {
            return Optional.empty();
        }
        String n = cubeName.strip().toUpperCase(Locale.ROOT);
        Part best = null;
        for (Part p : parts) {
            if (n.startsWith(p.name()) && (best == null || p.name().length() > best.name().length())) {
                best = p;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The {@code Mcu.UserName} of a CubeMX {@code .ioc} text, if it has one. */
    public static Optional<String> iocUserName(String iocText) {
        Matcher m = USER_NAME.matcher(iocText);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The catalogue part of a CubeMX project, from its {@code .ioc} text. */
    public Optional<Part> fromIoc(String iocText) {
        return iocUserName(iocText).flatMap(this::match);
    }

    /** Where a project's part came from, most specific first. */
    public enum Source {
        /** the project's CubeMX {@code .ioc} file */
        IOC,
        /** the project's Prunus properties */
        PROJECT,
        /** the workspace preference */
        PREFERENCE
    }

    /** A chosen part and where it came from. */
    public record Choice(Part part, Source source) {
    }

    /**
     * The part of a project: its CubeMX file decides when it names a known part, else the project's setting, else
     * the workspace default. Any argument may be null.
     */
    public Optional<Choice> choose(String iocText, String projectPart, String defaultPart) {
        Optional<Part> ioc = iocText == null ? Optional.empty() : fromIoc(iocText);
        if (ioc.isPresent()) {
            return Optional.of(new Choice(ioc.get(), Source.IOC));
        }
        Optional<Part> project = byName(projectPart);
        if (project.isPresent()) {
            return Optional.of(new Choice(project.get(), Source.PROJECT));
        }
        return byName(defaultPart).map(p -> new Choice(p, Source.PREFERENCE));
    }

    private static PartCatalogue load() {
        try (InputStream in = PartCatalogue.class.getResourceAsStream("parts.json")) {
            if (in == null) {
                throw new IllegalStateException("parts.json is missing from the Prunus core");
            }
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PartCatalogue parse(java.io.Reader reader) {
        JsonObject root = JsonParser.parseReader(reader).getAsJsonObject();
        List<Part> parts = new ArrayList<>();
        for (JsonElement e : root.getAsJsonArray("parts")) {
            JsonObject o = e.getAsJsonObject();
            parts.add(new Part(o.get("name").getAsString(), o.get("family").getAsString(), o.get("core").getAsString(),
                    o.get("costModel").getAsString(), o.get("clockMHz").getAsInt(), o.get("flashKib").getAsInt(),
                    o.get("ramKib").getAsInt()));
        }
        return new PartCatalogue(parts);
    }
}
