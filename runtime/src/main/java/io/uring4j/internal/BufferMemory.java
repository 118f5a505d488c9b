package io.uring4j.internal;

import io.uring4j.register.BufferTable;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The native memory behind registered buffers, shared by the {@link BufferTable}s that register
 * it (a table and its clones on other rings). It is freed only when the last of them releases
 * it, each after unregistering, so no ring still has the memory registered when it goes.
 */
public final class BufferMemory {
    private final Arena arena = Arena.ofShared();
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

    /** Drops a holder; the last one frees the memory, after which every segment from it is dead. */
    public synchronized void release() {
        if (holders > 0 && --holders == 0) {
            arena.close();
        }
    }
}
