package io.uring4j.internal;

import io.uring4j.IoArena;
import io.uring4j.register.BufferTable;
import java.lang.foreign.MemorySegment;

/**
 * The native memory behind registered buffers, shared by the {@link BufferTable}s that register
 * it (a table and its clones on other rings). It is freed only when the last of them releases
 * it, each after unregistering, so no ring still has the memory registered when it goes.
 *
 * <p>An {@link IoArena} underneath: a fixed-buffer request holds the segment it names (a
 * buffer of the table, or a slice of one) until its final completion, so the free that the last
 * release asks for waits for the requests in flight. Unregistering does not stop a request the
 * kernel has already started (it keeps its own reference to the registration), and that request
 * may still write the memory.
 */
public final class BufferMemory {
    private final IoArena arena = IoArena.open();
    private int holders = 1;

    /** Allocates {@code size} bytes aligned to {@code alignment}, zeroed. */
    public synchronized MemorySegment allocate(long size, long alignment) {
        if (holders == 0) {
            throw new IllegalStateException("the buffer memory is released");
        }
        return arena.allocate(size, alignment);
    }

    /** {@return true when {@code segment} was allocated here (or is a slice of such a segment)} */
    public boolean owns(MemorySegment segment) {
        return segment.scope().equals(arena.scope());
    }

    /** Adds a holder (a clone table). */
    public synchronized void retain() {
        if (holders == 0) {
            throw new IllegalStateException("the buffer memory is released");
        }
        holders++;
    }

    /**
     * Drops a holder; the last one frees the memory (when no request in flight holds any of it,
     * else at the last one's final completion), after which every segment from it is dead.
     */
    public synchronized void release() {
        if (holders > 0 && --holders == 0) {
            arena.close();
        }
    }
}
