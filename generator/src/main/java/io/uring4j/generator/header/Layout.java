package io.uring4j.generator.header;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * x86_64 offsets of a header struct's members, computed with the C rules (natural alignment,
 * packed structs aligned to 1). A member whose type the headers do not define makes the offsets
 * after it unknown (-1): they are then left unchecked rather than guessed.
 */
final class Layout {
    /** A member with its offset: a field, or a nested group whose members carry absolute offsets. */
    sealed interface Placed permits PlacedField, PlacedGroup {}

    /**
     * @param type      spec type word (u8..s64) or the struct's name
     * @param elemSize  bytes of one element, -1 when unknown
     * @param count     1 for a plain field, 0 for a flexible array, -1 when unknown
     */
    record PlacedField(String name, String type, boolean struct, int elemSize, int count, int offset, int line)
            implements Placed {}

    record PlacedGroup(boolean union, String name, int offset, List<Placed> members, int line) implements Placed {}

    /** A laid-out struct: size -1 when unknown. */
    record Laid(int size, int align, List<Placed> members) {}

    /** struct __kernel_timespec lives in linux/time_types.h, which io_uring.h includes. */
    private static final Laid KERNEL_TIMESPEC = new Laid(16, 8, List.of(
            new PlacedField("tv_sec", "s64", false, 8, 1, 0, 0),
            new PlacedField("tv_nsec", "s64", false, 8, 1, 8, 0)));

    private final Map<String, CStruct> structs;
    private final Map<String, Laid> done = new HashMap<>();

    Layout(Map<String, CStruct> structs) {
        this.structs = structs;
    }

    /** The layout of a named struct, or an unknown one when the headers do not define it. */
    Laid of(String name) {
        Laid cached = done.get(name);
        if (cached != null) {
            return cached;
        }
        CStruct s = structs.get(name);
        Laid l;
        if (s == null) {
            l = name.equals("__kernel_timespec") ? KERNEL_TIMESPEC : new Laid(-1, 1, List.of());
        } else {
            done.put(name, new Laid(-1, 1, List.of())); // a self-reference stays unknown
            l = lay(s.members(), s.union(), s.packed(), 0);
        }
        done.put(name, l);
        return l;
    }

    private Laid lay(List<CStruct.Member> members, boolean union, boolean packed, int base) {
        List<Placed> out = new ArrayList<>();
        int off = 0;        // relative to base; -1 once unknown
        int size = 0;
        int align = 1;
        for (CStruct.Member m : members) {
            int msize;
            int malign;
            int at;
            switch (m) {
                case CStruct.Field f -> {
                    int elem;
                    int elemAlign;
                    if (f.scalar() != null) {
                        elem = f.scalar().size();
                        elemAlign = elem;
                    } else {
                        Laid inner = of(f.struct());
                        elem = inner.size();
                        elemAlign = inner.align();
                    }
                    malign = packed ? 1 : elemAlign;
                    at = union ? 0 : alignUp(off, malign);
                    msize = elem < 0 || f.count() < 0 ? -1 : elem * f.count();
                    out.add(new PlacedField(f.name(), f.scalar() != null ? f.scalar().spec() : f.struct(),
                            f.scalar() == null, elem, f.count(), at < 0 ? -1 : base + at, f.line()));
                }
                case CStruct.Group g -> {
                    int preAt = union ? 0 : off;
                    // Alignment is known only after laying the group out: lay it, then shift.
                    Laid probe = lay(g.members(), g.union(), g.packed() || packed, 0);
                    malign = packed ? 1 : probe.align();
                    at = union ? 0 : alignUp(preAt, malign);
                    Laid inner = lay(g.members(), g.union(), g.packed() || packed, at < 0 ? 0 : base + at);
                    msize = inner.size();
                    List<Placed> placed = at < 0 ? unknownOffsets(inner.members()) : inner.members();
                    out.add(new PlacedGroup(g.union(), g.name(), at < 0 ? -1 : base + at, placed, g.line()));
                }
            }
            align = Math.max(align, malign);
            if (union) {
                size = msize < 0 || size < 0 ? -1 : Math.max(size, msize);
            } else {
                off = at < 0 || msize < 0 ? -1 : at + msize;
            }
        }
        if (!union) {
            size = off;
        }
        size = size < 0 ? -1 : alignUp(size, packed ? 1 : align);
        return new Laid(size, align, out);
    }

    private static List<Placed> unknownOffsets(List<Placed> members) {
        List<Placed> out = new ArrayList<>();
        for (Placed p : members) {
            out.add(switch (p) {
                case PlacedField f -> new PlacedField(f.name(), f.type(), f.struct(), f.elemSize(), f.count(), -1, f.line());
                case PlacedGroup g -> new PlacedGroup(g.union(), g.name(), -1, unknownOffsets(g.members()), g.line());
            });
        }
        return out;
    }

    private static int alignUp(int v, int a) {
        return v < 0 ? -1 : (v + a - 1) / a * a;
    }
}
