package io.uring4j.channels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;

/**
 * Per-thread scratch of the request paths, so a thread that loops over one buffer allocates
 * nothing: a one-entry iovec for the page-cache read, and the segment last made for a direct
 * buffer handed to the kernel in place. Both references to the caller's buffer are weak, so the
 * scratch never keeps a buffer reachable (a segment references its buffer).
 */
final class ThreadScratch {
    private static final ThreadLocal<ThreadScratch> SCRATCH = ThreadLocal.withInitial(ThreadScratch::new);

    /** One iovec: the page-cache read's argument. */
    final MemorySegment iovec = Arena.ofAuto().allocate(IovecArray.ENTRY, Long.BYTES);
    private WeakReference<ByteBuffer> lastBuffer = new WeakReference<>(null);
    private WeakReference<MemorySegment> lastSegment = new WeakReference<>(null);
    private int lastPosition;
    private int lastLimit;

    static ThreadScratch get() {
        return SCRATCH.get();
    }

    /** The segment over the bytes between the direct buffer's position and limit. */
    MemorySegment segment(ByteBuffer direct) {
        int pos = direct.position();
        int lim = direct.limit();
        MemorySegment segment = lastSegment.get();
        if (segment == null || !lastBuffer.refersTo(direct) || pos != lastPosition || lim != lastLimit) {
            segment = MemorySegment.ofBuffer(direct);
            lastSegment = new WeakReference<>(segment);
            lastBuffer = new WeakReference<>(direct);
            lastPosition = pos;
            lastLimit = lim;
        }
        return segment;
    }
}
