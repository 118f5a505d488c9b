package io.uring4j.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Parameter checks of the generated prep methods. Each failure is an IllegalArgumentException
 * that names the parameter and the rule, raised before anything is written to the SQE.
 *
 * <p>What they establish holds at prep time only: a segment argument is native, alive and large
 * enough then. Keeping it alive until the completion is the ring's job (it holds the segment;
 * see {@code InFlight}) and, for an arena the caller closes early, only reported. They cannot see
 * past the segment: a segment from {@code reinterpret()} or {@code ofAddress} is taken at the size
 * the caller claimed, and addresses stored inside a segment (iovecs, msghdr) are not followed.
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
