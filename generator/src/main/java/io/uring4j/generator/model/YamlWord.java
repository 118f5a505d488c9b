package io.uring4j.generator.model;

/** An enum constant spelled by one word in the spec (e.g. {@code buffer_select}). */
public interface YamlWord {
    /** The word the spec uses. */
    String yaml();

    /** The constant of {@code values} spelled {@code word}, or null. */
    static <E extends YamlWord> E find(E[] values, String word) {
        for (E e : values) {
            if (e.yaml().equals(word)) {
                return e;
            }
        }
        return null;
    }
}
