package io.uring4j.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Parameter checks of the generated prep methods. Each failure is an IllegalArgumentException
 * that names the parameter and the rule, raised before anything is written to the SQE.
 *
 * <p>What they establish holds at prep time only: a segment argument is native, alive and large
 * enough then; an iovec array or message header ({@code IoVecs}, {@code MessageHeader}) holds only
 * live segments and its entries are rewritten from them. Keeping the memory alive until the
 * completion is the ring's job (it holds the segment or holder; see {@code InFlight}) and, for an
 * arena the caller closes early, only reported. They cannot see past a segment: one from
 * {@code reinterpret()} or {@code ofAddress} is taken at the size the caller claimed, and the
 * {@code ...Unchecked} prep methods take raw iovec/msghdr memory whose addresses nothing checks.
 */
public final class Checks {
    private static final long U32_MAX = 0xFFFF_FFFFL;

    private Checks() {}

    /** {@return the address of a native, live segment} */
    public static long address(MemorySegment segment, String param) {
        if (segment == null) {
            throw new IllegalArgumentException(param + " must not be null");
        }
        return liveNative(segment, param);
    }

    /** Like {@link #address}, but null is allowed and gives address 0. */
    public static long nullableAddress(MemorySegment segment, String param) {
        return segment == null ? 0L : liveNative(segment, param);
    }

    private static long liveNative(MemorySegment segment, String param) {
        if (!segment.isNative()) {
            throw new IllegalArgumentException(param + " must be a native segment (Arena-allocated or mapped);"
                    + " a heap segment may move and cannot be handed to the kernel");
        }
        if (!segment.scope().isAlive()) {
            throw new IllegalArgumentException(param + " belongs to an arena that is already closed");
        }
        return segment.address();
    }

    /** {@return the byte size of a (possibly null) segment as a u32 length} */
    public static int length(MemorySegment segment, String param) {
        if (segment == null) {
            return 0;
        }
        long size = segment.byteSize();
        if (size > U32_MAX) {
            throw new IllegalArgumentException(param + " is " + size + " bytes; the kernel takes at most "
                    + U32_MAX + " in one request");
        }
        return (int) size;
    }

    /** {@return the number of {@code elemSize}-byte elements in a segment, which must be a whole number of them} */
    public static int count(MemorySegment segment, int elemSize, String param) {
        if (segment == null) {
            return 0;
        }
        long size = segment.byteSize();
        if (size % elemSize != 0) {
            throw new IllegalArgumentException(param + " is " + size + " bytes, not a multiple of the "
                    + elemSize + "-byte element");
        }
        long n = size / elemSize;
        if (n > U32_MAX) {
            throw new IllegalArgumentException(param + " holds " + n + " elements; at most " + U32_MAX);
        }
        return (int) n;
    }

    /** {@return the address of a segment that must hold at least {@code minSize} bytes} */
    public static long struct(MemorySegment segment, long minSize, boolean nullable, String param) {
        if (segment == null && nullable) {
            return 0L;
        }
        long address = address(segment, param);
        if (segment.byteSize() < minSize) {
            throw new IllegalArgumentException(param + " is " + segment.byteSize() + " bytes; the kernel reads or writes "
                    + minSize);
        }
        return address;
    }

    /** {@return the address of a segment holding a NUL-terminated string (the NUL must lie inside it)} */
    public static long cString(MemorySegment segment, boolean nullable, String param) {
        if (segment == null && nullable) {
            return 0L;
        }
        long address = address(segment, param);
        long size = segment.byteSize();
        for (long i = 0; i < size; i++) {
            if (segment.get(ValueLayout.JAVA_BYTE, i) == 0) {
                return address;
            }
        }
        throw new IllegalArgumentException(param + " has no NUL terminator within its " + size
                + " bytes; allocate it with Arena.allocateFrom(String)");
    }

    /**
     * Refuses a segment smaller than {@code bytes}, the product of other parameters that tell the
     * kernel how much of it to use (e.g. buffer count times buffer length).
     */
    public static void covers(MemorySegment segment, long bytes, String param, String product) {
        if (segment != null && (bytes < 0 || segment.byteSize() < bytes)) {
            throw new IllegalArgumentException(param + " is " + segment.byteSize() + " bytes but " + product
                    + " asks the kernel to use " + Long.toUnsignedString(bytes));
        }
    }

    /**
     * The u32 length a caller stored at the start of a segment (a socklen_t the kernel reads).
     *
     * @param segment the segment, or null
     * @return the stored length, 0 for null
     */
    public static long storedLength(MemorySegment segment) {
        return segment == null ? 0 : Integer.toUnsignedLong(segment.get(java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED, 0));
    }

    /** {@return a registered-file slot as the kernel takes it: index + 1, or all ones (-1) to allocate} */
    public static int fileSlot(int index, String param) {
        if (index < -1) {
            throw new IllegalArgumentException(param + " must be a slot index >= 0, or -1 to let the kernel pick; was "
                    + index);
        }
        return index == -1 ? -1 : index + 1;
    }

    /**
     * {@return {@code value}, refused when null (for typed memory parameters such as IoVecs)}
     *
     * @param value the argument
     * @param param the parameter's name
     * @param <T> the parameter's type
     */
    public static <T> T notNull(T value, String param) {
        if (value == null) {
            throw new IllegalArgumentException(param + " must not be null");
        }
        return value;
    }

    /**
     * Refuses a segment that does not start and end on a page boundary, for calls where the kernel
     * works on whole pages (madvise): a partial page would reach memory outside the segment.
     *
     * @param segment the segment (already checked native and alive)
     * @param page the page size in bytes
     * @param param the parameter's name
     */
    public static void pageAligned(MemorySegment segment, long page, String param) {
        if (segment.address() % page != 0 || segment.byteSize() % page != 0) {
            throw new IllegalArgumentException(param + " must start and end on a page boundary (" + page
                    + "-byte pages: the kernel works on whole pages, so a partial page would reach memory outside"
                    + " the segment); it is at 0x" + Long.toHexString(segment.address()) + ", " + segment.byteSize()
                    + " bytes; allocate it with arena.allocate(size, " + page + ")");
        }
    }

    /**
     * Refuses a value outside {@code 0 .. 2^bits - 1}, for a field of which the kernel reads only the
     * low {@code bits} bits (a larger value would be truncated silently).
     *
     * @param value the value (a negative int or long is refused)
     * @param bits how many low bits the kernel reads, 1 to 63
     * @param param the parameter's name
     */
    public static void unsignedBits(long value, int bits, String param) {
        if (value >>> bits != 0) {
            throw new IllegalArgumentException(param + " must be from 0 to " + ((1L << bits) - 1) + " (the kernel reads "
                    + bits + " bits); was " + Long.toUnsignedString(value));
        }
    }

    public static void u8(int value, String param) {
        if ((value & ~0xFF) != 0) {
            throw new IllegalArgumentException(param + " must fit 8 unsigned bits (0..255); was " + value);
        }
    }

    public static void u16(int value, String param) {
        if ((value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException(param + " must fit 16 unsigned bits (0..65535); was " + value);
        }
    }
}
