package io.uring4j.net;

import java.lang.foreign.MemorySegment;

/**
 * A received buffer of a zero-copy receive: {@link #length()} bytes at {@link #areaOffset()} of
 * the receive area, the application's until {@link #release()}, which writes a refill entry so
 * the kernel can reuse the memory. Go's {@code ZCRXBuffer}.
 *
 * <p>The view is reused for later data after release (like the ring's {@code Cqe} view), so
 * nothing may use it afterwards; a second release, or {@link #bytes()} after release, is refused.
 * Release on the thread that drives the receiver (the ring's owner): the refill ring has one writer.
 */
public final class ZcrxBuffer {
    private final ZcrxReceiver owner;
    private long areaOffset;
    private int length;
    private boolean held;

    ZcrxBuffer(ZcrxReceiver owner) {
        this.owner = owner;
    }

    void hold(long areaOffset, int length) {
        this.areaOffset = areaOffset;
        this.length = length;
        this.held = true;
    }

    void unhold() {
        held = false;
    }

    /**
     * {@return the bytes, a view of the area (not a copy; a new segment object per call)}
     *
     * @throws IllegalStateException after {@link #release()}
     */
    public MemorySegment bytes() {
        checkHeld("bytes()");
        return owner.area().asSlice(areaOffset, length);
    }

    /** {@return the number of bytes} */
    public int length() {
        return length;
    }

    /** {@return where the bytes start in the area} */
    public long areaOffset() {
        return areaOffset;
    }

    /** {@return true until {@link #release()}} */
    public boolean isHeld() {
        return held;
    }

    /**
     * Gives the memory back to the kernel: writes its refill entry and publishes the refill
     * ring's tail (when the refill ring is full, the entry waits and is written at the next
     * completion or release).
     *
     * @throws IllegalStateException when already released
     */
    public void release() {
        checkHeld("release()");
        owner.recycle(this);
    }

    private void checkHeld(String what) {
        if (!held) {
            throw new IllegalStateException(what + " on a ZcrxBuffer already released: the view is reused for"
                    + " later data; keep no reference to a buffer after releasing it");
        }
    }
}
