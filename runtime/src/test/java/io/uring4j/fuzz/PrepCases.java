package io.uring4j.fuzz;

import io.uring4j.IoVecs;
import io.uring4j.Sqe;
import io.uring4j.fuzz.BadInput.Expect;
import io.uring4j.net.MessageHeader;
import java.lang.foreign.MemorySegment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bad arguments for every typed prep method of {@link Sqe} (the longest overload of each name;
 * the {@code ...Unchecked} methods are left out, as their name says they are not checked): one
 * bad value in one parameter, the others good. Memory that is on the heap, closed or held by a
 * closed iovec array must be refused by name; a number out of range is refused by name or answered
 * with a typed errno, or may be legal (negative offsets mean "current position").
 */
final class PrepCases {
    /** Setters that complete an entry, not prep methods. */
    private static final Set<String> NOT_PREP = Set.of("flags", "userData", "personality", "fixedFile", "over");

    private PrepCases() {}

    static List<BadInput> all() {
        List<BadInput> out = new ArrayList<>();
        for (Method m : prepMethods()) {
            Parameter[] ps = m.getParameters();
            for (int i = 0; i < ps.length; i++) {
                for (Bad bad : badValues(ps[i].getType())) {
                    int at = i;
                    String param = ps[i].getName();
                    out.add(new BadInput(m.getName() + ": " + param + " " + bad.what, param, bad.expect, kit -> {
                        Object[] args = goodArgs(kit, ps);
                        args[at] = bad.value.apply(kit);
                        invoke(m, m.getName().endsWith("128") ? kit.sqe(kit.ring128) : kit.sqe(), args);
                    }));
                }
            }
        }
        return out;
    }

    /** The longest public overload of each prep method name, in name order. */
    static List<Method> prepMethods() {
        Map<String, Method> longest = new LinkedHashMap<>();
        Arrays.stream(Sqe.class.getDeclaredMethods())
                .filter(m -> Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getReturnType() == Sqe.class && !NOT_PREP.contains(m.getName()))
                .filter(m -> !m.getName().endsWith("Unchecked"))
                .sorted(Comparator.comparing(Method::getName).thenComparing(Method::getParameterCount))
                .forEach(m -> longest.merge(m.getName(), m,
                        (a, b) -> a.getParameterCount() >= b.getParameterCount() ? a : b));
        return List.copyOf(longest.values());
    }

    private static void invoke(Method m, Sqe sqe, Object[] args) throws Throwable {
        try {
            m.invoke(sqe, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object[] goodArgs(Kit kit, Parameter[] ps) {
        Object[] args = new Object[ps.length];
        for (int i = 0; i < ps.length; i++) {
            Class<?> t = ps[i].getType();
            String n = ps[i].getName();
            if (t == int.class) {
                args[i] = n.equals("fd") || n.endsWith("Fd") ? kit.fd : 0;
            } else if (t == long.class) {
                args[i] = 0L;
            } else if (t == MemorySegment.class) {
                args[i] = n.equals("region") ? kit.page() : kit.memory();
            } else if (t == IoVecs.class) {
                args[i] = kit.iovecs();
            } else if (t == MessageHeader.class) {
                args[i] = kit.header();
            } else {
                throw new IllegalStateException("no good value for " + t);
            }
        }
        return args;
    }

    private record Bad(String what, Expect expect, java.util.function.Function<Kit, Object> value) {}

    private static List<Bad> badValues(Class<?> t) {
        if (t == MemorySegment.class) {
            return List.of(
                    new Bad("heap segment", Expect.REFUSED, k -> MemorySegment.ofArray(new byte[4096])),
                    new Bad("closed arena", Expect.REFUSED, k -> k.closed),
                    new Bad("one byte", Expect.DEFINED, k -> k.arena.allocate(1)),
                    new Bad("null", Expect.DEFINED, k -> null));
        }
        if (t == IoVecs.class) {
            return List.of(
                    new Bad("null iovecs", Expect.REFUSED, k -> null),
                    new Bad("iovec array of a closed arena", Expect.REFUSED, k -> k.closedIovecs),
                    new Bad("entry in a closed arena", Expect.REFUSED, k -> k.iovecsOverClosed));
        }
        if (t == MessageHeader.class) {
            return List.of(
                    new Bad("null header", Expect.REFUSED, k -> null),
                    new Bad("iovec in a closed arena", Expect.REFUSED, k -> k.headerOverClosed));
        }
        if (t == int.class) {
            return List.of(
                    new Bad("-1", Expect.DEFINED, k -> -1),
                    new Bad("Integer.MIN_VALUE", Expect.DEFINED, k -> Integer.MIN_VALUE),
                    new Bad("Integer.MAX_VALUE", Expect.DEFINED, k -> Integer.MAX_VALUE));
        }
        if (t == long.class) {
            return List.of(
                    new Bad("-1", Expect.DEFINED, k -> -1L),
                    new Bad("Long.MAX_VALUE", Expect.DEFINED, k -> Long.MAX_VALUE));
        }
        return List.of();
    }
}
