package dev.prunus.core.ir;

import java.util.Arrays;
import java.util.Objects;

/** A named metadata entry of the model (TFLite {@code Metadata} pointing at a buffer), e.g. min_runtime_version. */
public record Metadata(String name, byte[] data) {

    public Metadata {
        name = Objects.requireNonNull(name, "name");
        data = data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Metadata m && name.equals(m.name) && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Metadata[" + name + ", " + data.length + " bytes]";
    }
}
