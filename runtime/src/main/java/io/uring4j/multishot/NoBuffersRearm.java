package io.uring4j.multishot;

import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;

/**
 * When to re-arm receives that stopped with {@link MultishotEnd#NO_BUFFERS}: once enough
 * buffers are back, not at every single recycle. A receive stops with {@code -ENOBUFS} when its
 * buffer group is empty; re-arming it as soon as one buffer is back makes it stop again after
 * one completion, so a loaded server spends its time re-arming (hundreds of thousands of times
 * where a quarter-of-the-ring threshold needs a few thousand). This policy parks the stopped
 * subscriptions ({@link #park}), counts the buffers the application gives back
 * ({@link #recycled}), and re-arms every parked subscription once {@code threshold} buffers are
 * back since the first one was parked.
 *
 * <p>The waiting list is a fixed array; {@link #park} and {@link #recycled} allocate nothing
 * except the new subscription objects {@link Multishot#rearm()} makes. A re-armed subscription
 * keeps its handler and attachment. Not thread-safe: use it on the ring's thread.
 *
 * {@snippet class=io.uring4j.snippets.ServerSnippets region=noBuffersRearm}
 */
public final class NoBuffersRearm {
    private final int threshold;
    private final Multishot[] waiting;
    private int count;
    private int back;
    private long rearms;

    /**
     * A policy that re-arms once {@code threshold} buffers are back.
     *
     * @param threshold  buffers to wait for, at least 1
     * @param maxWaiting the most subscriptions parked at once (e.g. the most connections), at least 1
     * @throws IllegalArgumentException when either is below 1
     */
    public NoBuffersRearm(int threshold, int maxWaiting) {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be >= 1; was " + threshold);
        }
        if (maxWaiting < 1) {
            throw new IllegalArgumentException("maxWaiting must be >= 1; was " + maxWaiting);
        }
        this.threshold = threshold;
        this.waiting = new Multishot[maxWaiting];
    }

    /**
     * {@return a policy that re-arms once a quarter of {@code buffers} (at least one) is back}
     *
     * @param buffers    the buffer ring the receives take their buffers from
     * @param maxWaiting the most subscriptions parked at once, at least 1
     */
    public static NoBuffersRearm quarterOf(BufferRing buffers, int maxWaiting) {
        if (buffers == null) {
            throw new IllegalArgumentException("buffers must not be null");
        }
        return new NoBuffersRearm(Math.max(1, buffers.bufferCount() / 4), maxWaiting);
    }

    /**
     * Parks a subscription that stopped with {@link MultishotEnd#NO_BUFFERS} (call it from
     * {@link MultishotHandler#onEnd}).
     *
     * @param sub the stopped subscription
     * @throws IllegalArgumentException when {@code sub} is null or not stopped
     * @throws IllegalStateException    when {@code maxWaiting} subscriptions are parked already
     */
    public void park(Multishot sub) {
        if (sub == null || sub.state() != MultishotState.STOPPED) {
            throw new IllegalArgumentException("park: only a STOPPED subscription can wait for buffers; was " + sub);
        }
        if (count == waiting.length) {
            throw new IllegalStateException("park: " + count + " subscriptions wait already (maxWaiting); make it larger");
        }
        if (count == 0) {
            back = 0; // count the buffers returned since the group ran dry
        }
        waiting[count++] = sub;
    }

    /**
     * Forgets a parked subscription, e.g. when its connection is closed before buffers came back.
     *
     * @param sub the subscription
     * @return true if it was parked
     */
    public boolean remove(Multishot sub) {
        for (int i = 0; i < count; i++) {
            if (waiting[i] == sub) {
                waiting[i] = waiting[--count];
                waiting[count] = null;
                return true;
            }
        }
        return false;
    }

    /**
     * Counts {@code buffers} given back to the kernel (call it after {@link BufferRing#recycle});
     * once {@code threshold} are back, re-arms every parked subscription, submitting first when
     * the SQ has no room.
     *
     * @param buffers how many buffers were just recycled, at least 0
     * @return how many subscriptions were re-armed now
     * @throws IllegalArgumentException when {@code buffers} is negative
     */
    public int recycled(int buffers) {
        if (buffers < 0) {
            throw new IllegalArgumentException("buffers must be >= 0; was " + buffers);
        }
        if (count == 0) {
            return 0;
        }
        back += buffers;
        if (back < threshold) {
            return 0;
        }
        int rearmed = count;
        for (int i = 0; i < rearmed; i++) {
            Multishot sub = waiting[i];
            waiting[i] = null;
            Ring ring = sub.owner().ring();
            if (ring.sqSpaceLeft() == 0) {
                ring.submit();
            }
            sub.rearm();
        }
        count = 0;
        back = 0;
        rearms += rearmed;
        return rearmed;
    }

    /** {@return subscriptions parked now} */
    public int waiting() {
        return count;
    }

    /** {@return the threshold: buffers back before a re-arm} */
    public int threshold() {
        return threshold;
    }

    /** {@return re-arms made since this policy was made} */
    public long rearms() {
        return rearms;
    }
}
