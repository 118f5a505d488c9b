package io.uring4j.net;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.kernel.flags.MsgFlags;
import io.uring4j.register.BufferTable;
import java.lang.foreign.MemorySegment;

/**
 * One buffer sent to many sockets in one batch: a plain {@code SEND} to each target when the
 * buffer is small, a zero-copy {@code SEND_ZC} when it is at least the threshold (copying a small
 * buffer costs less than pinning its pages and waiting for a notification). The buffer stays
 * referenced until every target's result and, for zero-copy sends, every notification has
 * arrived: {@link #isBusy()} says so, and a new {@link #send} while busy is refused.
 *
 * <p>Identity: request {@code i} of a batch carries user_data {@code (tag << 16) | i}, so a
 * router can hand a completion to {@link #onCompletion(Cqe)}, which ignores other requests.
 * Choose a tag no other request of the ring uses. Sends use {@code MSG_WAITALL} (a stream socket
 * sends everything or fails) and {@code MSG_NOSIGNAL}. All state lives in arrays sized at
 * construction: {@link #send}, {@link #sendRegistered} (from a registered buffer) and
 * {@link #onCompletion} allocate nothing. Not thread-safe; used by the ring's owner thread.
 *
 * {@snippet class=io.uring4j.snippets.ParitySnippets region=fanOut}
 */
public final class FanOut {
    /** The most targets one fan-out can address (the index takes the low 16 bits of user_data). */
    public static final int MAX_TARGETS = 1 << 16;
    /** The largest tag: user_data keeps 16 bits for the index and its top bit clear. */
    public static final long MAX_TAG = (1L << 47) - 1;

    private static final int SEND_FLAGS = MsgFlags.WAITALL | MsgFlags.NOSIGNAL;
    private static final int NOT_REGISTERED = -1;
    private static final byte GOT_RESULT = 1;
    private static final byte EXPECT_NOTIF = 2;
    private static final byte GOT_NOTIF = 4;

    private final long zeroCopyThreshold;
    private final long tag;
    private final int[] results;
    private final byte[] state;
    private int count;
    private int pending;
    private boolean zeroCopy;
    private int failed;

    /**
     * A fan-out with room for {@code maxTargets} targets per batch.
     *
     * @param maxTargets the most sockets one batch may address, 1 to {@link #MAX_TARGETS}
     * @param zeroCopyThreshold buffers of at least this many bytes go out zero-copy; 0 for always,
     *     {@code Long.MAX_VALUE} for never
     * @param tag identifies this fan-out's completions, 0 to {@link #MAX_TAG}
     * @throws IllegalArgumentException if an argument is out of range
     */
    public FanOut(int maxTargets, long zeroCopyThreshold, long tag) {
        if (maxTargets < 1 || maxTargets > MAX_TARGETS) {
            throw new IllegalArgumentException("maxTargets must be 1.." + MAX_TARGETS + ", got " + maxTargets);
        }
        if (zeroCopyThreshold < 0) {
            throw new IllegalArgumentException("zeroCopyThreshold must not be negative, got " + zeroCopyThreshold);
        }
        if (tag < 0 || tag > MAX_TAG) {
            throw new IllegalArgumentException("tag must be 0.." + MAX_TAG + ", got " + tag);
        }
        this.zeroCopyThreshold = zeroCopyThreshold;
        this.tag = tag;
        this.results = new int[maxTargets];
        this.state = new byte[maxTargets];
    }

    /**
     * Queues one send of all of {@code buf} to each of {@code fds[0..count)}; submit with
     * {@link Ring#submit()} (entries are submitted early only if the SQ fills up).
     *
     * @param ring the ring to queue on
     * @param buf the bytes, native memory that stays alive and unchanged while {@link #isBusy()}
     * @param fds the target sockets (connected stream sockets, or datagram sockets with a peer)
     * @param count how many of {@code fds} to send to, 1 to the {@code maxTargets} of the constructor
     * @return {@code count}
     * @throws IllegalStateException if the previous batch still references its buffer
     * @throws IllegalArgumentException if {@code count} is out of range or {@code buf} is not native
     */
    public int send(Ring ring, MemorySegment buf, int[] fds, int count) {
        checkFree(fds, count);
        if (!buf.isNative()) {
            throw new IllegalArgumentException("buf must be native memory (the kernel reads it after this call returns)");
        }
        return queue(ring, buf, NOT_REGISTERED, fds, count);
    }

    /**
     * Queues one send of {@code bytes}, which lie inside registered buffer {@code bufIndex} of
     * {@code table}, to each of {@code fds[0..count)}: Go's {@code Multicast} and
     * {@code MulticastZeroCopy} with a buffer index. At or above the threshold each target gets a
     * {@code SEND_ZC} with {@code RECVSEND_FIXED_BUF}, so the kernel uses the pages it pinned at
     * registration instead of pinning them per send; below it a plain {@code SEND} from the same
     * memory (the kernel copies small buffers anyway, and 6.18 refuses {@code RECVSEND_FIXED_BUF}
     * on a plain {@code SEND}, as the spec notes). Keep {@code bytes} unchanged, the slot
     * registered and the table open while {@link #isBusy()}.
     *
     * <p>Pass the same {@code bytes} segment each time (a slice made once): the call then
     * allocates nothing.
     *
     * {@snippet class=io.uring4j.snippets.ParitySnippets region=fanOutRegistered}
     *
     * @param ring the ring {@code table} is registered on
     * @param table the ring's registered buffers
     * @param bufIndex the slot holding {@code bytes}
     * @param bytes the bytes to send, a slice of {@code table.buffer(bufIndex)}
     * @param fds the target sockets
     * @param count how many of {@code fds} to send to, 1 to the {@code maxTargets} of the constructor
     * @return {@code count}
     * @throws IllegalStateException if the previous batch still references its buffer, or the
     *     slot is empty or the table closed
     * @throws IllegalArgumentException if {@code count} is out of range or {@code bytes} does not
     *     lie inside buffer {@code bufIndex}
     */
    public int sendRegistered(Ring ring, BufferTable table, int bufIndex, MemorySegment bytes, int[] fds, int count) {
        checkFree(fds, count);
        MemorySegment registered = table.buffer(bufIndex);
        long start = bytes.address() - registered.address();
        if (!bytes.isNative() || start < 0 || start + bytes.byteSize() > registered.byteSize()) {
            throw new IllegalArgumentException("bytes must lie inside registered buffer " + bufIndex + " ("
                    + registered.byteSize() + " bytes at 0x" + Long.toHexString(registered.address()) + "); got "
                    + bytes.byteSize() + " bytes at 0x" + Long.toHexString(bytes.address()));
        }
        return queue(ring, bytes, bufIndex, fds, count);
    }

    private void checkFree(int[] fds, int count) {
        if (pending > 0) {
            throw new IllegalStateException("the previous fan-out still references its buffer: " + pending
                    + " of " + this.count + " targets have not completed (and been notified); wait for isBusy() == false");
        }
        if (count < 1 || count > results.length || count > fds.length) {
            throw new IllegalArgumentException("count must be 1.." + Math.min(results.length, fds.length) + ", got " + count);
        }
    }

    private int queue(Ring ring, MemorySegment buf, int bufIndex, int[] fds, int count) {
        this.count = count;
        this.zeroCopy = buf.byteSize() >= zeroCopyThreshold;
        this.failed = 0;
        long base = tag << 16;
        for (int i = 0; i < count; i++) {
            results[i] = 0;
            state[i] = 0;
            Sqe sqe = ring.nextSqe();
            if (!zeroCopy) {
                sqe.send(fds[i], buf, SEND_FLAGS, null, 0);
            } else if (bufIndex == NOT_REGISTERED) {
                sqe.sendZc(fds[i], buf, SEND_FLAGS, 0, null);
            } else {
                sqe.sendZcFixed(fds[i], buf, bufIndex, SEND_FLAGS, 0, null);
            }
            sqe.userData(base | i);
            pending++;
        }
        return count;
    }

    /**
     * Takes a completion if it belongs to this fan-out's current batch.
     *
     * @param cqe a completion of the ring
     * @return false when it belongs to another request (or repeats one already counted)
     */
    public boolean onCompletion(Cqe cqe) {
        long ud = cqe.userData();
        if (ud >>> 16 != tag) {
            return false;
        }
        int i = (int) (ud & 0xFFFF);
        if (i >= count || pending == 0) {
            return false;
        }
        byte s = state[i];
        if (cqe.isNotif()) {
            if ((s & EXPECT_NOTIF) == 0 || (s & GOT_NOTIF) != 0) {
                return false;
            }
            state[i] = (byte) (s | GOT_NOTIF);
            pending--;
            return true;
        }
        if ((s & GOT_RESULT) != 0) {
            return false;
        }
        results[i] = cqe.res();
        if (cqe.res() < 0) {
            failed++;
        }
        if (cqe.isMore()) {
            // A zero-copy send: its notification follows, and the buffer is read until then.
            state[i] = (byte) (s | GOT_RESULT | EXPECT_NOTIF);
        } else {
            state[i] = (byte) (s | GOT_RESULT);
            pending--;
        }
        return true;
    }

    /** {@return whether the last batch's buffer is still referenced (results or notifications outstanding)} */
    public boolean isBusy() {
        return pending > 0;
    }

    /** {@return results and notifications still to come} */
    public int pending() {
        return pending;
    }

    /** {@return whether the last batch went out zero-copy} */
    public boolean zeroCopy() {
        return zeroCopy;
    }

    /** {@return targets in the last batch} */
    public int targets() {
        return count;
    }

    /** {@return targets of the last batch whose send failed so far} */
    public int failed() {
        return failed;
    }

    /**
     * The result of one target of the last batch.
     *
     * @param target an index of the last batch
     * @return the bytes sent to it, {@code -errno}, or 0 while its result has not arrived
     * @throws IllegalArgumentException if {@code target} is not an index of the last batch
     */
    public int result(int target) {
        if (target < 0 || target >= count) {
            throw new IllegalArgumentException("target must be 0.." + (count - 1) + ", got " + target);
        }
        return results[target];
    }

    /** {@return the buffer size from which sends go out zero-copy} */
    public long zeroCopyThreshold() {
        return zeroCopyThreshold;
    }

    /** {@return the tag in this fan-out's user_data} */
    public long tag() {
        return tag;
    }
}
