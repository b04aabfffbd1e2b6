package dev.prunus.core.ir;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A whole model: schema version, description, subgraphs (the first is the main graph), metadata entries and
 * signature definitions. Immutable; later stages derive changed models with the {@code with...} methods, e.g.
 * {@code model.withMain(model.main().withTensor(t.withShapeAndData(shape, bytes)))}.
 */
public final class Model {

    private final long version;
    private final String description;
    private final List<Graph> subgraphs;
    private final List<Metadata> metadata;
    private final List<SignatureDef> signatureDefs;

    /**
     * @throws InvalidGraphException when there is no subgraph or a signature refers to a missing subgraph or tensor
     */
    public Model(long version, String description, List<Graph> subgraphs, List<Metadata> metadata,
            List<SignatureDef> signatureDefs) {
        this.version = version;
        this.description = description;
        this.subgraphs = List.copyOf(subgraphs);
        this.metadata = List.copyOf(metadata);
        this.signatureDefs = List.copyOf(signatureDefs);
        if (this.subgraphs.isEmpty()) {
            throw new InvalidGraphException("a model needs at least one subgraph");
        }
        for (SignatureDef s : this.signatureDefs) {
            if (s.subgraphIndex() < 0 || s.subgraphIndex() >= this.subgraphs.size()) {
                throw new InvalidGraphException("signature '" + s.key() + "' refers to subgraph " + s.subgraphIndex()
                        + ", but the model has " + this.subgraphs.size());
            }
            int count = this.subgraphs.get(s.subgraphIndex()).tensors().size();
            for (SignatureDef.TensorMap m : concat(s.inputs(), s.outputs())) {
                if (m.tensorIndex() < 0 || m.tensorIndex() >= count) {
                    throw new InvalidGraphException("signature '" + s.key() + "' maps '" + m.name() + "' to tensor "
                            + m.tensorIndex() + ", but subgraph " + s.subgraphIndex() + " has " + count + " tensors");
                }
            }
        }
    }

    /** A model with one graph and no metadata (schema version 3). */
    public static Model of(Graph main) {
        return new Model(3, null, List.of(main), List.of(), List.of());
    }

    private static List<SignatureDef.TensorMap> concat(List<SignatureDef.TensorMap> a, List<SignatureDef.TensorMap> b) {
        List<SignatureDef.TensorMap> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Schema version recorded in the file (3 for every current TFLite file). */
    public long version() {
        return version;
    }

    /** The model description, or null. */
    public String description() {
        return description;
    }

    public List<Graph> subgraphs() {
        return subgraphs;
    }

    /** Subgraph 0, the graph that runs. */
    public Graph main() {
        return subgraphs.get(0);
    }

    /** Metadata entries in file order (unmodifiable). */
    public List<Metadata> metadata() {
        return metadata;
    }

    /** Metadata as a name to bytes map (the first entry wins when names repeat). */
    public Map<String, byte[]> metadataMap() {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (Metadata m : metadata) {
            map.putIfAbsent(m.name(), m.data());
        }
        return map;
    }

    /** The data of the first metadata entry with this name. */
    public Optional<byte[]> metadata(String name) {
        for (Metadata m : metadata) {
            if (m.name().equals(name)) {
                return Optional.of(m.data());
            }
        }
        return Optional.empty();
    }

    public List<SignatureDef> signatureDefs() {
        return signatureDefs;
    }

    public Model withSubgraph(int index, Graph graph) {
        List<Graph> list = new ArrayList<>(subgraphs);
        list.set(index, graph);
        return new Model(version, description, list, metadata, signatureDefs);
    }

    public Model withMain(Graph graph) {
        return withSubgraph(0, graph);
    }

    public Model withDescription(String newDescription) {
        return new Model(version, newDescription, subgraphs, metadata, signatureDefs);
    }

    /** A copy where the entry with this name is replaced (or appended when absent). */
    public Model withMetadata(String name, byte[] data) {
        List<Metadata> list = new ArrayList<>();
        boolean replaced = false;
        for (Metadata m : metadata) {
            if (m.name().equals(name) && !replaced) {
                list.add(new Metadata(name, data));
                replaced = true;
            } else if (!m.name().equals(name)) {
                list.add(m);
            }
        }
        if (!replaced) {
            list.add(new Metadata(name, data));
        }
        return new Model(version, description, subgraphs, list, signatureDefs);
    }

    public Model withoutMetadata(String name) {
        List<Metadata> list = new ArrayList<>();
        for (Metadata m : metadata) {
            if (!m.name().equals(name)) {
                list.add(m);
            }
        }
        return new Model(version, description, subgraphs, list, signatureDefs);
    }

    public Model withSignatureDefs(List<SignatureDef> newSignatureDefs) {
        return new Model(version, description, subgraphs, metadata, newSignatureDefs);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Model m && version == m.version && Objects.equals(description, m.description)
                && subgraphs.equals(m.subgraphs) && metadata.equals(m.metadata) && signatureDefs.equals(m.signatureDefs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, description, subgraphs, metadata, signatureDefs);
    }

    @Override
    public String toString() {
        return "model v" + version + " (" + subgraphs.size() + " subgraphs, main " + main() + ")";
    }
}
