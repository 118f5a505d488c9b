package io.uring4j;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel-safe arena: memory for requests whose close waits for them. {@link #close()} ends
 * the arena for its owner at once, but the memory is freed only when the last request that holds
 * one of its segments has completed (or its ring has closed, after cancelling and reaping), so the
 * kernel never writes memory that was freed or handed to someone else.
 *
 * <p>A shared arena underneath: any thread may allocate and close. A request "holds" a segment
 * when the segment is an argument of its prep method, or a segment of an {@code IoVecs} that is
 * one (the iovec array's own memory included); the ring counts the hold from submission to the
 * final completion. The name and control segments of a {@code MessageHeader} (its iovecs are
 * counted) and memory reached through an address stored inside raw memory are not: keep such
 * arenas open yourself.
 *
 * {@snippet class=io.uring4j.snippets.Snippets region=ioArena}
 */
public final class IoArena implements Arena {
    /** Open (or closing) IoArenas by scope, so the ring can find the arena of a held segment. */
    private static final Map<MemorySegment.Scope, IoArena> BY_SCOPE = new ConcurrentHashMap<>();
    /** IoArenas not yet freed: while 0, the ring skips the look-up. */
    private static volatile int live;

    private final Arena inner = Arena.ofShared();
    private int leases;
    private boolean closing;
    private boolean freed;

    private IoArena() {}

    /** {@return a new, open arena whose close waits for the requests using its memory} */
    public static IoArena open() {
        IoArena a = new IoArena();
        synchronized (IoArena.class) {
            live++;
        }
        BY_SCOPE.put(a.inner.scope(), a);
        return a;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        synchronized (this) {
            if (closing) {
                throw new IllegalStateException("this IoArena is closed");
            }
        }
        return inner.allocate(byteSize, byteAlignment);
    }

    @Override
    public MemorySegment.Scope scope() {
        return inner.scope();
    }

    /**
     * Closes the arena for its owner: no more allocation. The memory is freed now if no request
     * holds it, else when the last one completes.
     */
    @Override
    public void close() {
        boolean freeNow;
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
            freeNow = leases == 0;
        }
        if (freeNow) {
            free();
        }
    }

    /** {@return true once {@link #close()} was called, even while requests still hold the memory} */
    public synchronized boolean isClosing() {
        return closing;
    }

    /** {@return requests that hold this arena's memory now} */
    public synchronized int leases() {
        return leases;
    }

    /** {@return the IoArena owning {@code segment}, or null}: cheap (one volatile read) while no IoArena is open. */
    static IoArena of(MemorySegment segment) {
        return live == 0 ? null : BY_SCOPE.get(segment.scope());
    }

    synchronized void lease() {
        leases++;
    }

    void unlease() {
        boolean freeNow;
        synchronized (this) {
            freeNow = --leases == 0 && closing;
        }
        if (freeNow) {
            free();
        }
    }

    private void free() {
        synchronized (this) {
            if (freed) {
                return;
            }
            freed = true;
        }
        BY_SCOPE.remove(inner.scope());
        synchronized (IoArena.class) {
            live--;
        }
        inner.close();
    }
}
