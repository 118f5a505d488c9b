package io.uring4j.channels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Pooled native memory that heap buffers are staged in: page-aligned chunks in power-of-two size
 * classes from 4 KiB to 1 MiB. A chunk is owned by one request from {@link #take} until
 * {@link #give} and is given back only after the request's completion, so the kernel never writes
 * memory someone else holds. Chunks are GC-managed ({@link Arena#ofAuto()}): one that is dropped
 * instead of pooled is freed only once nothing references it.
 */
final class NativeChunks {
    /** Smallest and largest chunk, as powers of two; also the alignment (O_DIRECT needs it). */
    static final int MIN_SHIFT = 12;
    static final int MAX_SHIFT = 20;
    /** The most bytes one staged transfer moves; a larger heap transfer is split. */
    static final int MAX_CHUNK = 1 << MAX_SHIFT;
    private static final int ALIGN = 1 << MIN_SHIFT;
    /** Free chunks kept per class and stripe; more are dropped to the GC. */
    private static final int KEEP_PER_STRIPE = 64;
    /** Free lists per class, striped by thread so that threads on different cores rarely share a lock. */
    private static final int STRIPES = 8;

    /** One chunk: its memory, a reusable ByteBuffer view, and a cached slice of the last length used. */
    static final class Chunk {
        final MemorySegment memory;
        final ByteBuffer view;
        private final int sizeClass;
        /** The free list it was taken from and goes back to (completions run on other threads). */
        private int stripe;
        private MemorySegment slice;

        Chunk(int sizeClass) {
            this.sizeClass = sizeClass;
            this.memory = Arena.ofAuto().allocate(1L << (sizeClass + MIN_SHIFT), ALIGN);
            this.view = memory.asByteBuffer();
        }

        /** The first {@code length} bytes; reused while the length repeats. */
        MemorySegment slice(int length) {
            MemorySegment s = slice;
            if (s == null || s.byteSize() != length) {
                s = memory.asSlice(0, length);
                slice = s;
            }
            return s;
        }
    }

    @SuppressWarnings("unchecked")
    private final ArrayDeque<Chunk>[] free = new ArrayDeque[(MAX_SHIFT - MIN_SHIFT + 1) * STRIPES];

    NativeChunks() {
        for (int i = 0; i < free.length; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    private static int stripe() {
        return (int) (Thread.currentThread().threadId() & (STRIPES - 1));
    }

    /** A chunk of at least {@code bytes} (at most {@link #MAX_CHUNK}) bytes. */
    Chunk take(int bytes) {
        int sizeClass = sizeClass(bytes);
        int stripe = stripe();
        ArrayDeque<Chunk> q = free[sizeClass * STRIPES + stripe];
        Chunk c;
        synchronized (q) {
            c = q.pollFirst();
        }
        if (c == null) {
            c = new Chunk(sizeClass);
        }
        c.stripe = stripe;
        return c;
    }

    /** Returns a chunk whose request has completed. */
    void give(Chunk c) {
        ArrayDeque<Chunk> q = free[c.sizeClass * STRIPES + c.stripe];
        synchronized (q) {
            if (q.size() < KEEP_PER_STRIPE) {
                q.addFirst(c);
            }
        }
    }

    private static int sizeClass(int bytes) {
        int shift = 32 - Integer.numberOfLeadingZeros(Math.max(bytes, 1) - 1);
        return Math.min(Math.max(shift, MIN_SHIFT), MAX_SHIFT) - MIN_SHIFT;
    }
}
