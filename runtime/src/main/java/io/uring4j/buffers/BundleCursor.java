package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Sqe;
import io.uring4j.kernel.flags.CqeFlags;
import java.lang.foreign.MemorySegment;

/**
 * Walks the buffers one bundle completion filled ({@link Sqe#recvBundle(int, int)},
 * {@link Sqe#recvMultishotBundle(int, int)}): the buffer the completion names
 * ({@link Cqe#bufferId()}) and the ones after it in ring order, {@code res} bytes in all, the
 * last one usually partly filled. Then gives them all back to the kernel with one tail publish.
 *
 * <p>{@link #open(Cqe)} records the bundle with the {@link BufferRing} (its buffers become the
 * application's) and copies the ids, offsets and lengths into arrays made once, with the
 * cursor; walking and recycling allocate nothing. One cursor serves one buffer ring, one bundle
 * at a time. Open each bundle when its completion is reaped, before recycling the buffers of
 * later completions: recycling refills ring slots, and the cursor learns which buffer followed
 * which from those slots (a refilled slot is detected and refused, not misread).
 *
 * <p>On an incremental ring the first buffer may start where earlier completions left it, and
 * when the completion has {@code IORING_CQE_F_BUF_MORE} the last buffer stays with the kernel:
 * it is walked but not recycled.
 *
 * <pre>{@code
 * BundleCursor bundle = new BundleCursor(buffers);          // once
 * ...
 * Cqe cqe = ring.peek();
 * bundle.open(cqe);
 * while (bundle.next()) {
 *     MemorySegment.copy(bundle.buffer(), bundle.offset(), out, written, bundle.length());
 *     written += bundle.length();
 * }
 * ring.seen();
 * bundle.recycle();
 * }</pre>
 */
public final class BundleCursor {
    private final BufferRing ring;
    private final int[] bids;
    private final int[] offsets;
    private final int[] lengths;
    private int count;
    private int index;
    private boolean lastKept;
    private boolean open;

    /**
     * A cursor for the bundles of {@code ring}; allocates its arrays here, once.
     *
     * @param ring the buffer ring the bundles come from
     */
    public BundleCursor(BufferRing ring) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        this.ring = ring;
        int n = ring.bufferCount();
        this.bids = new int[n];
        this.offsets = new int[n];
        this.lengths = new int[n];
    }

    /**
     * Starts on the bundle of {@code cqe}; see {@link #open(int, int, int)}.
     *
     * @param cqe a bundle completion, valid during this call only
     * @return the number of buffers the bundle covers
     */
    public int open(Cqe cqe) {
        int flags = cqe.flags();
        return open(flags >>> CqeFlags.BUFFER_SHIFT, cqe.res(), flags);
    }

    /**
     * Starts on a bundle given by values copied out of its completion: the first buffer id,
     * {@code res} and {@code flags}. A completion with no data ({@code res <= 0}) covers no
     * buffer. The previous bundle is forgotten: {@link #recycle()} it first, unless its buffers
     * are kept on purpose (then recycle them one by one with {@link BufferRing#recycle(int)}).
     *
     * @param firstBid the buffer id in the completion's flags
     * @param res      the completion's {@code res}
     * @param cqeFlags the completion's flags
     * @return the number of buffers the bundle covers
     * @throws IllegalArgumentException when {@code res > 0} but the flags name no buffer, or the
     *                                  id is not one of the ring's
     * @throws IllegalStateException    when the bundle's buffers are not where the ring put them
     *                                  (see the class description), or the ring is closed
     */
    public int open(int firstBid, int res, int cqeFlags) {
        count = ring.consumeBundle(firstBid, res, cqeFlags, bids, offsets, lengths);
        lastKept = count > 0 && ring.isIncremental() && (cqeFlags & CqeFlags.BUF_MORE) != 0;
        index = -1;
        open = true;
        return count;
    }

    /**
     * Moves to the next buffer of the bundle.
     *
     * @return false when there is none left
     */
    public boolean next() {
        checkOpen();
        if (index + 1 >= count) {
            index = count;
            return false;
        }
        index++;
        return true;
    }

    /** {@return buffers the current bundle covers} */
    public int count() {
        checkOpen();
        return count;
    }

    /** {@return the id of the current buffer} */
    public int bufferId() {
        return bids[current()];
    }

    /** {@return the whole current buffer; its data is {@code [offset(), offset() + length())}} */
    public MemorySegment buffer() {
        return ring.buffer(bids[current()]);
    }

    /** {@return where the current buffer's data starts in {@link #buffer()} (0 unless the ring is incremental)} */
    public int offset() {
        return offsets[current()];
    }

    /** {@return bytes of data in the current buffer} */
    public int length() {
        return lengths[current()];
    }

    /**
     * Gives every buffer of the bundle that is the application's back to the ring, with one
     * tail publish, and closes the cursor until the next {@link #open}.
     */
    public void recycle() {
        checkOpen();
        int n = lastKept ? count - 1 : count;
        for (int i = 0; i < n; i++) {
            ring.stage(bids[i]);
        }
        ring.publish();
        open = false;
        count = 0;
    }

    private int current() {
        checkOpen();
        if (index < 0 || index >= count) {
            throw new IllegalStateException("no current buffer: call next() and use the buffer only while it returns true");
        }
        return index;
    }

    private void checkOpen() {
        if (!open) {
            throw new IllegalStateException("the cursor has no bundle: open(cqe) first");
        }
    }
}
