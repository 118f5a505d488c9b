package io.uring4j.testkit;

import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named scenario resource and its properties: numbers (fds, lengths, indexes, pids) as
 * {@code Long}, memory as {@code MemorySegment}. The property {@code ""} is the value a bare
 * reference ({@code name} rather than {@code name.prop}) stands for.
 */
final class Fixture {
    static final String DEFAULT = "";
    /** The property holding a typed value (a checked {@code IoVecs} or {@code MessageHeader}). */
    static final String TYPED = "typed";

    final String name;
    final String kind;
    private final Map<String, Object> props = new LinkedHashMap<>();

    Fixture(String name, String kind) {
        this.name = name;
        this.kind = kind;
    }

    Fixture set(String prop, long value) {
        props.put(prop, value);
        return this;
    }

    Fixture set(String prop, MemorySegment value) {
        props.put(prop, value);
        return this;
    }

    Fixture set(String prop, Object typed) {
        props.put(prop, typed);
        return this;
    }

    /** The typed value of this fixture, checked to be a {@code type}. */
    <T> T typed(Class<T> type) {
        Object v = get(TYPED);
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException(name + " (" + kind + ") is not a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    /** The property's value (a Long or a MemorySegment), or an exception naming what there is. */
    Object get(String prop) {
        Object v = props.get(prop);
        if (v == null) {
            String shown = prop.isEmpty() ? "a default value" : "a property '" + prop + "'";
            throw new IllegalArgumentException("fixture " + name + " (" + kind + ") has no " + shown
                    + "; it has " + props.keySet().stream().map(k -> k.isEmpty() ? name : name + "." + k).toList());
        }
        return v;
    }

    long number(String prop) {
        if (get(prop) instanceof Long l) {
            return l;
        }
        throw new IllegalArgumentException(ref(prop) + " is memory, not a number");
    }

    MemorySegment segment(String prop) {
        if (get(prop) instanceof MemorySegment s) {
            return s;
        }
        throw new IllegalArgumentException(ref(prop) + " is a number, not memory");
    }

    private String ref(String prop) {
        return prop.isEmpty() ? name : name + "." + prop;
    }
}
