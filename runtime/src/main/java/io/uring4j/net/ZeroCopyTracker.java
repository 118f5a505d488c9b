package io.uring4j.net;

import io.uring4j.Cqe;
import io.uring4j.context.ContextPool;
import io.uring4j.kernel.flags.NotifUsage;

/**
 * Follows the two completions of each zero-copy send ({@code SEND_ZC}, {@code SENDMSG_ZC} and
 * their fixed-buffer variants) and says when the send's buffer is the caller's again.
 *
 * <p>A zero-copy send usually completes twice under one {@code user_data}: a <em>result</em>
 * ({@code res} = bytes sent or {@code -errno}; {@code IORING_CQE_F_MORE} set when a notification
 * will follow) and a <em>notification</em> ({@code IORING_CQE_F_NOTIF}) once the kernel no longer
 * reads the buffer. The buffer must stay untouched until both have arrived; this tracker accepts
 * them in either order and reports {@link #RELEASED} on the completion that hands the buffer back:
 * the notification, or a result without {@code F_MORE} (nothing follows). When the send asked for
 * {@code RecvSendFlags.SEND_ZC_REPORT_USAGE}, the notification also tells whether the kernel
 * copied the data after all ({@link #lastCopied()}; loopback and many NICs do).
 *
 * <p>Identity: each send takes a slot of a {@link ContextPool} ({@link #begin(long)} returns its
 * token, the SQE's {@code user_data}); the slot is released with the buffer, so a late or
 * duplicated completion is not mistaken for a newer send. The pool may be the ring's own, shared
 * with other requests: the tracker attaches itself to its slots (so a router can tell them by
 * {@code pool.attachment(slot) == tracker}) and answers {@link #NOT_TRACKED} for completions of
 * other requests. All state lives in arrays sized at
 * construction: {@link #begin}, {@link #onCompletion} and the accessors never allocate.
 * Not thread-safe; used by the ring's owner thread.
 *
 * <p>Example:
 * <pre>{@code
 * ZeroCopyTracker zc = new ZeroCopyTracker(64);
 * long token = zc.begin(bufferId);                 // bufferId: the caller's name for the buffer
 * ring.nextSqe().sendZc(fd, buf, 0, RecvSendFlags.SEND_ZC_REPORT_USAGE, null).userData(token);
 * ring.submit();
 * ring.drain(cqe -> {
 *     int events = zc.onCompletion(cqe);
 *     if ((events & ZeroCopyTracker.RESULT) != 0) { ... zc.lastResult() bytes went out ... }
 *     if ((events & ZeroCopyTracker.RELEASED) != 0) { reuse(zc.lastTag()); }
 * });
 * }</pre>
 */
public final class ZeroCopyTracker {
    /** {@link #onCompletion} answer for a completion of another request (or a stale one). */
    public static final int NOT_TRACKED = 0;
    /** Event bit: the completion was the send's result ({@link #lastResult()}). */
    public static final int RESULT = 1;
    /** Event bit: the completion was the send's notification ({@link #lastCopied()}). */
    public static final int NOTIFICATION = 2;
    /** Event bit: the buffer is the caller's again ({@link #lastTag()}); the token is now stale. */
    public static final int RELEASED = 4;

    // Per-slot state bits.
    private static final int GOT_RESULT = 1;
    private static final int GOT_NOTIF = 2;
    private static final int EXPECT_NOTIF = 4;

    private static final long SLOT_MASK = 0xFFFF_FFFFL;

    private final ContextPool pool;
    /** The live token of each slot this tracker holds, 0 otherwise (a token always has bit 63 set). */
    private final long[] tokens;
    private final long[] tags;
    private final int[] results;
    private final int[] usage;
    private final int[] state;
    private int inFlight;

    private long lastTag;
    private int lastResult;
    private int lastUsage;
    private int lastEvents;

    /**
     * A tracker with its own pool of {@code capacity} slots: at most that many sends in flight.
     *
     * @param capacity the number of entries, at least 1
     * @throws IllegalArgumentException when capacity is out of {@link ContextPool}'s range
     */
    public ZeroCopyTracker(int capacity) {
        this(new ContextPool(capacity, 0));
    }

    /**
     * A tracker over a shared pool (e.g. the ring's): sends take slots from it like any request.
     * The tracker's state arrays are sized to the pool's capacity.
     *
     * @param pool the context pool whose tokens the requests carry
     * @throws IllegalArgumentException when pool is null
     */
    public ZeroCopyTracker(ContextPool pool) {
        if (pool == null) {
            throw new IllegalArgumentException("pool must not be null");
        }
        int n = pool.capacity();
        this.pool = pool;
        this.tokens = new long[n];
        this.tags = new long[n];
        this.results = new int[n];
        this.usage = new int[n];
        this.state = new int[n];
    }

    /**
     * Starts tracking one send and returns its token, to be written as the SQE's {@code user_data}.
     *
     * @param tag the caller's name for the buffer (an index, an id), handed back on release
     * @return the token, or {@link ContextPool#EXHAUSTED} when the pool has no free slot
     */
    public long begin(long tag) {
        long token = pool.acquire();
        if (token == ContextPool.EXHAUSTED) {
            return token;
        }
        int slot = (int) (token & SLOT_MASK);
        pool.attach(slot, this); // lets a caller sharing the pool route completions by attachment
        tokens[slot] = token;
        tags[slot] = tag;
        results[slot] = 0;
        usage[slot] = 0;
        state[slot] = 0;
        inFlight++;
        return token;
    }

    /**
     * Stops tracking a send whose SQE was never submitted (e.g. the SQ was full). Does nothing
     * for a token that is not live or not this tracker's.
     *
     * @param token a token from this pool ({@code user_data} of its requests)
     * @return true when the token was released
     */
    public boolean abandon(long token) {
        int slot = ownSlot(token);
        if (slot < 0) {
            return false;
        }
        release(token, slot);
        return true;
    }

    /**
     * Accounts one completion. For a tracked send it returns the events it caused, a mix of
     * {@link #RESULT}, {@link #NOTIFICATION} and {@link #RELEASED}, and sets the {@code last*}
     * accessors; for any other completion (another request's, or a stale token) it returns
     * {@link #NOT_TRACKED} and changes nothing.
     *
     * @param cqe the completion, valid during this call only
     * @return the events it caused (RESULT, NOTIFICATION, RELEASED bits), or NOT_TRACKED
     */
    public int onCompletion(Cqe cqe) {
        long token = cqe.userData();
        int slot = ownSlot(token);
        if (slot < 0) {
            return NOT_TRACKED;
        }
        int s = state[slot];
        int events;
        if (cqe.isNotif()) {
            usage[slot] = cqe.res();
            s |= GOT_NOTIF;
            events = NOTIFICATION;
        } else {
            results[slot] = cqe.res();
            s |= GOT_RESULT | (cqe.isMore() ? EXPECT_NOTIF : 0);
            events = RESULT;
        }
        state[slot] = s;
        lastTag = tags[slot];
        lastResult = results[slot];
        lastUsage = usage[slot];
        // A notification always has a result beside it; once the result is in, the buffer is free
        // when no notification is due or it has come (possibly first).
        if ((s & GOT_RESULT) != 0 && ((s & EXPECT_NOTIF) == 0 || (s & GOT_NOTIF) != 0)) {
            events |= RELEASED;
            release(token, slot);
        }
        lastEvents = events;
        return events;
    }

    /**
     * {@return true while {@code token} names a send of this tracker whose buffer is not yet released}
     *
     * @param token a token from this pool ({@code user_data} of its requests)
     */
    public boolean isPending(long token) {
        return ownSlot(token) >= 0;
    }

    /**
     * Sends begun and not yet released.
     *
     * @return sends whose buffer the kernel may still read
     */
    public int inFlight() {
        return inFlight;
    }

    /** {@return the tag of the send the last tracked completion belonged to} */
    public long lastTag() {
        return lastTag;
    }

    /** {@return the result of that send so far: bytes sent, {@code -errno}, or 0 before its result arrived} */
    public int lastResult() {
        return lastResult;
    }

    /**
     * True when that send's notification reported that the kernel copied the data
     * ({@link NotifUsage#ZC_COPIED}). Meaningful only for sends made with
     * {@code RecvSendFlags.SEND_ZC_REPORT_USAGE}, and only once the notification has arrived.
     *
     * @return true when the kernel copied the last send instead of sending from the buffer
     */
    public boolean lastCopied() {
        return (lastUsage & NotifUsage.ZC_COPIED) != 0;
    }

    /** {@return the raw {@code res} of that send's notification ({@link NotifUsage} bits), 0 before it arrived} */
    public int lastUsage() {
        return lastUsage;
    }

    /** {@return the events of the last tracked completion (as {@link #onCompletion} returned them)} */
    public int lastEvents() {
        return lastEvents;
    }

    /**
     * Names the bits of an {@link #onCompletion} answer, e.g. {@code "RESULT|RELEASED"}.
     *
     * @param events the poll events ({@code EpollEvents} / poll(2) bits)
     * @return the events by name
     */
    public static String describe(int events) {
        if (events == NOT_TRACKED) {
            return "NOT_TRACKED";
        }
        StringBuilder b = new StringBuilder();
        if ((events & RESULT) != 0) {
            b.append("RESULT");
        }
        if ((events & NOTIFICATION) != 0) {
            b.append(b.isEmpty() ? "" : "|").append("NOTIFICATION");
        }
        if ((events & RELEASED) != 0) {
            b.append(b.isEmpty() ? "" : "|").append("RELEASED");
        }
        return b.toString();
    }

    /**
     * The slot of a live token of this tracker, or -1. Compares with the tokens it handed out
     * (the slot index is the token's low 32 bits, see {@link ContextPool}) rather than asking the
     * pool, so other requests' and stale tokens are not counted as stale in a shared pool.
     */
    private int ownSlot(long token) {
        long index = token & SLOT_MASK;
        if (token >= 0 || index >= tokens.length) {
            return -1;
        }
        int slot = (int) index;
        return tokens[slot] == token ? slot : -1;
    }

    private void release(long token, int slot) {
        tokens[slot] = 0;
        state[slot] = 0;
        pool.release(token);
        inFlight--;
    }
}
