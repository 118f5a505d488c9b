package io.uring4j.net;

import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.MsgFlags;
import java.lang.foreign.MemorySegment;

/**
 * The sends of one stream connection, in order: at most one {@code SEND} is in flight, the next
 * one is queued when the previous one's completion is handed to {@link #complete(int)}. Two
 * sends in flight on one socket may be reordered by the kernel (one may wait for buffer space
 * while the other goes out); one at a time cannot. Each send carries {@code MSG_WAITALL}, so the
 * kernel itself retries a short send on a stream socket; a short completion (a signal, a
 * shutdown) sends the rest next, still in order.
 *
 * <p>The queue is a fixed array of (segment, tag) entries made at construction: {@link #offer}
 * and {@link #complete} allocate nothing, except the slice of a short completion's remainder
 * (rare). The {@code tag} is the caller's: typically the provided-buffer id to recycle once its
 * bytes are out. Every offered entry is reported exactly once to the {@link Sent} callback:
 * with its length once all of it is sent, or with {@code -errno} when a send failed (the queue is
 * then failed: the entries behind it, and later offers, are reported at once with that error).
 *
 * <p>All sends carry the {@code userData} given here; route their completions back to this
 * queue's {@link #complete(int)}. Each segment must stay valid until its tag is reported. Not
 * thread-safe: use it on the ring's thread (inside a dispatch or drain handler is fine).
 *
 * {@snippet class=io.uring4j.snippets.ServerSnippets region=sendQueue}
 */
public final class SendQueue {
    /** Told when an offered entry is done; runs inside {@link #offer} or {@link #complete}. */
    @FunctionalInterface
    public interface Sent {
        /**
         * An entry is done.
         *
         * @param queue the queue the entry was offered to
         * @param tag   the entry's tag, as offered
         * @param res   the entry's length when all of it was sent, or {@code -errno}
         */
        void sent(SendQueue queue, int tag, int res);
    }

    private final Ring ring;
    private final int fd;
    private final boolean fixedFile;
    private final long userData;
    private final Sent sent;
    private final MemorySegment[] data;
    private final int[] tags;
    private int head;
    private int size;
    private long offset; // bytes of the head entry already sent
    private boolean inFlight;
    private int failedRes;
    private Object attachment;

    /**
     * A queue for the sends on {@code fd}.
     *
     * @param ring      the ring the sends go to
     * @param fd        the connected stream socket, or a registered-file slot with {@code fixedFile}
     * @param fixedFile true when {@code fd} is a registered-file slot
     * @param capacity  the most entries waiting at once (the one in flight included), at least 1
     * @param userData  the {@code user_data} of every send this queue makes
     * @param sent      told when each entry is done
     * @throws IllegalArgumentException for a null ring or callback, a negative fd or a capacity below 1
     */
    public SendQueue(Ring ring, int fd, boolean fixedFile, int capacity, long userData, Sent sent) {
        if (ring == null) {
            throw new IllegalArgumentException("ring must not be null");
        }
        if (sent == null) {
            throw new IllegalArgumentException("sent must not be null");
        }
        if (fd < 0) {
            throw new IllegalArgumentException("fd must be a descriptor or registered-file slot >= 0; was " + fd);
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1; was " + capacity);
        }
        this.ring = ring;
        this.fd = fd;
        this.fixedFile = fixedFile;
        this.userData = userData;
        this.sent = sent;
        this.data = new MemorySegment[capacity];
        this.tags = new int[capacity];
    }

    /**
     * Appends {@code bytes} to the connection's output; sends it now when nothing is in flight
     * (queueing one SQE with {@link Ring#nextSqe()}, which submits first when the SQ is full).
     * On a failed queue the entry is reported to {@link Sent} at once with the failure's
     * {@code -errno}, and true is returned.
     *
     * @param bytes the bytes to send, not empty; valid until {@code tag} is reported
     * @param tag   the caller's identifier of the entry, reported back
     * @return false when the queue is full (nothing was taken), true otherwise
     * @throws IllegalArgumentException when {@code bytes} is null or empty
     */
    public boolean offer(MemorySegment bytes, int tag) {
        if (bytes == null || bytes.byteSize() == 0) {
            throw new IllegalArgumentException("bytes must be a non-empty segment; was " + bytes);
        }
        if (failedRes < 0) {
            sent.sent(this, tag, failedRes);
            return true;
        }
        if (size == data.length) {
            return false;
        }
        int at = (head + size) % data.length;
        data[at] = bytes;
        tags[at] = tag;
        size++;
        if (!inFlight) {
            sendHead();
        }
        return true;
    }

    /**
     * Hands this queue the {@code res} of its send's completion: reports the entry when it is
     * all sent and sends the next one, sends the rest of a short send, or fails the queue.
     *
     * @param res the completion's {@code res}: bytes sent or {@code -errno}
     * @throws IllegalStateException when no send of this queue is in flight
     */
    public void complete(int res) {
        if (!inFlight) {
            throw new IllegalStateException("complete(" + res + "): no send of this queue (fd " + fd + ") is in flight");
        }
        inFlight = false;
        if (res <= 0) {
            // 0 bytes on a non-empty send means the peer is gone for good: treat it as EPIPE.
            fail(res < 0 ? res : -Errno.EPIPE.value());
            return;
        }
        offset += res;
        if (offset < data[head].byteSize()) {
            sendHead();
            return;
        }
        int tag = tags[head];
        int length = (int) Math.min(Integer.MAX_VALUE, data[head].byteSize());
        data[head] = null;
        head = (head + 1) % data.length;
        size--;
        offset = 0;
        if (size > 0) {
            sendHead(); // queue the next send before the callback, so a callback that offers keeps order
        }
        sent.sent(this, tag, length);
    }

    private void sendHead() {
        MemorySegment bytes = offset == 0 ? data[head] : data[head].asSlice(offset);
        Sqe sqe = ring.nextSqe().send(fd, bytes, MsgFlags.WAITALL, null, 0);
        if (fixedFile) {
            sqe.fixedFile();
        }
        sqe.userData(userData);
        inFlight = true;
    }

    private void fail(int res) {
        failedRes = res;
        while (size > 0) {
            int tag = tags[head];
            data[head] = null;
            head = (head + 1) % data.length;
            size--;
            sent.sent(this, tag, res);
        }
        offset = 0;
    }

    /** {@return entries offered and not yet reported (the one in flight included)} */
    public int size() {
        return size;
    }

    /** {@return true while a send of this queue is in flight} */
    public boolean isInFlight() {
        return inFlight;
    }

    /** {@return the {@code -errno} a send failed with, or 0 while the queue works} */
    public int failedRes() {
        return failedRes;
    }

    /** {@return the socket (or registered-file slot) the sends go to} */
    public int fd() {
        return fd;
    }

    /** {@return the {@code user_data} of this queue's sends} */
    public long userData() {
        return userData;
    }

    /** {@return the caller's object attached with {@link #attach}, or null} */
    public Object attachment() {
        return attachment;
    }

    /**
     * Keeps an object of the caller's with this queue (a connection, say).
     *
     * @param attachment any object, or null
     */
    public void attach(Object attachment) {
        this.attachment = attachment;
    }

    @Override
    public String toString() {
        return "SendQueue[fd " + fd + ", " + size + " queued" + (inFlight ? ", sending" : "")
                + (failedRes < 0 ? ", failed " + failedRes : "") + "]";
    }
}
