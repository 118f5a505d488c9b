package io.uring4j.testkit;

import io.uring4j.IoVecs;
import io.uring4j.kernel.flags.Futex2Flags;
import io.uring4j.kernel.structs.FutexWaitv;
import io.uring4j.kernel.structs.IoUringAttrPi;
import io.uring4j.kernel.structs.KernelTimespec;
import io.uring4j.kernel.structs.OpenHow;
import io.uring4j.net.MessageHeader;
import io.uring4j.testsupport.Libc;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Native memory fixtures: plain buffers, byte strings, and the small kernel structs scenarios
 * pass (timespec, iovec arrays, msghdr, open_how, futex words). The segment is the default
 * value; {@code len} is its byte size, {@code count} the number of array entries.
 */
final class MemoryFixtures {
    private static final Pattern DURATION = Pattern.compile("([0-9]+)\\s*(ns|us|ms|s)");

    private MemoryFixtures() {}

    /** {@code size} zero bytes, page-aligned (so madvise and registration see whole pages). */
    static void buffer(Scene s, String name, long size, String kind) {
        MemorySegment seg = s.arena.allocate(size, Libc.pageSize());
        s.add(name, kind).set(Fixture.DEFAULT, seg).set("len", size);
    }

    /** The UTF-8 bytes of {@code text}, without a terminating NUL. */
    static void bytes(Scene s, String name, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        MemorySegment seg = s.arena.allocate(Math.max(1, b.length), Long.BYTES).asSlice(0, b.length);
        seg.copyFrom(MemorySegment.ofArray(b));
        s.add(name, "bytes").set(Fixture.DEFAULT, seg).set("len", b.length);
    }

    /** {@code text} NUL-terminated. */
    static void cstring(Scene s, String name, String text) {
        MemorySegment seg = s.cstring(text);
        s.add(name, "cstring").set(Fixture.DEFAULT, seg).set("len", seg.byteSize());
    }

    /** A kernel_timespec holding a relative time such as {@code "10ms"}, {@code "1s"} or {@code "0"}. */
    static void timespec(Scene s, String name, String text) {
        Duration d = duration(text);
        MemorySegment seg = s.arena.allocate(KernelTimespec.LAYOUT);
        KernelTimespec.tvSec(seg, 0, d.getSeconds());
        KernelTimespec.tvNsec(seg, 0, d.getNano());
        s.add(name, "timespec").set(Fixture.DEFAULT, seg);
    }

    static Duration duration(String text) {
        String t = text.trim();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = DURATION.matcher(t);
        if (!m.matches()) {
            throw new IllegalArgumentException("a duration is a number with ns, us, ms or s (e.g. \"10ms\"); was \"" + text + "\"");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ns" -> Duration.ofNanos(n);
            case "us" -> Duration.ofNanos(n * 1000);
            case "ms" -> Duration.ofMillis(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** A checked iovec array ({@code IoVecs}), one entry per buffer fixture named; its raw entries as the segment. */
    static void iovecs(Scene s, String name, String... buffers) {
        IoVecs iov = IoVecs.allocate(s.arena, Math.max(1, buffers.length));
        for (String b : buffers) {
            iov.add(s.segment(b));
        }
        MemorySegment seg = iov.segment();
        s.add(name, "iovecs").set(Fixture.DEFAULT, seg).set(Fixture.TYPED, iov).set("count", buffers.length)
                .set("len", seg.byteSize());
    }

    /** An int array: each value a number or a reference to a numeric fixture property. */
    static void intArray(Scene s, String name, Object... values) {
        MemorySegment seg = s.arena.allocate(ValueLayout.JAVA_INT, Math.max(1, values.length))
                .asSlice(0, (long) Integer.BYTES * values.length);
        for (int i = 0; i < values.length; i++) {
            long v = values[i] instanceof String ref ? s.number(ref) : ((Number) values[i]).longValue();
            seg.setAtIndex(ValueLayout.JAVA_INT, i, (int) v);
        }
        s.add(name, "int_array").set(Fixture.DEFAULT, seg).set("count", values.length).set("len", seg.byteSize());
    }

    /** A checked message header over an iovecs fixture's buffers, optionally with a peer address (a sockaddr fixture). */
    static void msghdr(Scene s, String name, String iovecs, String address) {
        IoVecs iov = s.fixture(iovecs).typed(IoVecs.class);
        MessageHeader msg = MessageHeader.allocate(s.arena, Math.max(1, iov.count()));
        for (int i = 0; i < iov.count(); i++) {
            msg.add(iov.buffer(i));
        }
        if (address != null) {
            msg.name(s.segment(address));
        }
        s.add(name, "msghdr").set(Fixture.DEFAULT, msg.segment()).set(Fixture.TYPED, msg);
    }

    /** A struct open_how for OPENAT2. */
    static void openHow(Scene s, String name, long flags, long mode, long resolve) {
        MemorySegment seg = s.arena.allocate(OpenHow.LAYOUT);
        OpenHow.flags(seg, 0, flags);
        OpenHow.mode(seg, 0, mode);
        OpenHow.resolve(seg, 0, resolve);
        s.add(name, "open_how").set(Fixture.DEFAULT, seg).set("len", seg.byteSize());
    }

    /** A struct io_uring_attr_pi whose metadata buffer is buffer fixture {@code meta}. */
    static void piAttr(Scene s, String name, String meta) {
        MemorySegment seg = s.arena.allocate(IoUringAttrPi.LAYOUT);
        MemorySegment m = s.segment(meta);
        IoUringAttrPi.addr(seg, 0, m.address());
        IoUringAttrPi.len(seg, 0, (int) m.byteSize());
        s.add(name, "pi_attr").set(Fixture.DEFAULT, seg);
    }

    /** A 32-bit futex word holding {@code value}. */
    static void futex(Scene s, String name, long value) {
        MemorySegment seg = s.arena.allocate(ValueLayout.JAVA_INT);
        seg.set(ValueLayout.JAVA_INT, 0, (int) value);
        s.add(name, "futex").set(Fixture.DEFAULT, seg).set("value", value);
    }

    /**
     * A struct futex_waitv array, one entry per futex fixture: each waits while its word holds
     * its current value, as a private 32-bit futex.
     */
    static void futexWaitv(Scene s, String name, String... futexes) {
        MemorySegment seg = s.arena.allocate(FutexWaitv.LAYOUT.byteSize() * Math.max(1, futexes.length),
                FutexWaitv.LAYOUT.byteAlignment()).asSlice(0, FutexWaitv.SIZE * futexes.length);
        for (int i = 0; i < futexes.length; i++) {
            long base = i * FutexWaitv.SIZE;
            MemorySegment word = s.segment(futexes[i]);
            FutexWaitv.val(seg, base, Integer.toUnsignedLong(word.get(ValueLayout.JAVA_INT, 0)));
            FutexWaitv.uaddr(seg, base, word.address());
            FutexWaitv.flags(seg, base, Futex2Flags.SIZE_U32 | Futex2Flags.PRIVATE);
        }
        s.add(name, "futex_waitv").set(Fixture.DEFAULT, seg).set("count", futexes.length);
    }
}
