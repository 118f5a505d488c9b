package io.uring4j.net;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.register.ZcrxQueue;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The runtime side of zero-copy receive on one socket: arms {@code RECV_ZC} on a registered
 * {@link ZcrxQueue}, turns each completion into a {@link ZcrxBuffer} view of the area for the
 * {@link ZcrxHandler}, and gives released buffers back through the refill ring. Go's
 * {@code ZCRXReceiver}.
 *
 * <p>Lifecycle: {@link State#IDLE} → {@link #start} → {@link State#ARMED} → (the receive ends,
 * or {@link #stop()} → {@link State#STOPPING}) → {@link State#ENDED}, from which it may start
 * again; {@link #close()} → {@link State#CLOSED}, refused while the receive is in flight or a
 * buffer is still held. The router hands every completion to {@link #onCompletion}, which
 * ignores other requests. Not thread-safe: the ring's owner thread drives it.
 *
 * <p>Memory: the area and refill ring belong to the ring (see {@link ZcrxQueue}), so a buffer
 * view never outlives its memory while the ring is open. Allocation: none per completion while
 * the application holds at most {@link ZcrxConfig#buffers()} buffers; {@link ZcrxBuffer#bytes()}
 * makes a segment view.
 *
 * <p>What needs a NIC: {@code RECV_ZC} delivers data only from a queue registered on a NIC with
 * header/data split and flow steering, by a process with CAP_NET_ADMIN ({@link ZcrxQueue}); on
 * any ring without such a queue the kernel refuses the receive with EINVAL, which ends it.
 *
 * {@snippet class=io.uring4j.snippets.ZeroCopyReceiveSnippets region=receiver}
 */
public final class ZcrxReceiver implements AutoCloseable {
    /** Where a receiver is in its lifecycle. */
    public enum State {
        /** Built, never started. */
        IDLE,
        /** RECV_ZC queued or running. */
        ARMED,
        /** stop() queued a cancel; the final completion has not arrived. */
        STOPPING,
        /** The receive's final completion arrived; start may arm it again. */
        ENDED,
        /** Closed; nothing more. */
        CLOSED
    }

    private final Ring ring;
    private final int queueId;
    private final MemorySegment area;
    private final ZcrxRefillQueue refill;
    private final ZcrxConfig config;
    private ZcrxBuffer[] ready;
    private int readyCount;
    private int held;
    private long[] backlogOffsets;
    private int[] backlogLengths;
    private int backlog;
    private long delivered;
    private long refilled;
    private ZcrxHandler handler;
    private State state = State.IDLE;
    private int endResult;

    /**
     * A receiver on a registered queue.
     *
     * @param ring the ring {@code queue} is registered on (CQE32 or CQE_MIXED)
     * @param queue the zero-copy receive queue
     * @param config tag, buffer views, receive limit
     */
    public ZcrxReceiver(Ring ring, ZcrxQueue queue, ZcrxConfig config) {
        this(ring, queue.id(), queue.area(), ZcrxRefillQueue.of(queue), config);
    }

    /** A receiver over the pieces of a queue (tests pass memory they allocated; only a NIC gets a real one). */
    ZcrxReceiver(Ring ring, int queueId, MemorySegment area, ZcrxRefillQueue refill, ZcrxConfig config) {
        if ((ring.setupFlags() & (SetupFlags.CQE32 | SetupFlags.CQE_MIXED)) == 0) {
            throw new IllegalArgumentException("ring must have CQE32 or CQE_MIXED: a RECV_ZC completion is a 32-byte"
                    + " entry; it has " + SetupFlags.describe(ring.setupFlags()));
        }
        this.ring = ring;
        this.queueId = queueId;
        this.area = area;
        this.refill = refill;
        this.config = config;
        this.ready = new ZcrxBuffer[config.buffers()];
        for (int i = 0; i < ready.length; i++) {
            ready[i] = new ZcrxBuffer(this);
        }
        this.readyCount = ready.length;
        this.backlogOffsets = new long[config.buffers()];
        this.backlogLengths = new int[config.buffers()];
    }

    /**
     * Queues {@code RECV_ZC} on {@code fd} (submit with the ring); completions go to {@code handler}.
     *
     * @param fd a connected TCP socket whose flow the NIC steers to the queue
     * @param handler receives the data and the end
     * @throws IllegalStateException when armed, stopping or closed
     * @throws IllegalArgumentException for a negative fd or a null handler
     */
    public void start(int fd, ZcrxHandler handler) {
        if (fd < 0) {
            throw new IllegalArgumentException("fd must be a socket descriptor (>= 0); was " + fd);
        }
        checkStartable(handler);
        ring.nextSqe().recvZc(fd, queueId, config.receiveLimit(), 0).userData(config.tag());
        armed(handler); // only once the entry is queued: a prep that throws leaves the receiver as it was
    }

    /** Marks the receive as armed for {@code handler} (start without the SQE: for tests of the completion side). */
    void armed(ZcrxHandler handler) {
        checkStartable(handler);
        this.handler = handler;
        this.state = State.ARMED;
    }

    private void checkStartable(ZcrxHandler handler) {
        if (handler == null) {
            throw new IllegalArgumentException("handler must not be null");
        }
        if (state == State.ARMED || state == State.STOPPING || state == State.CLOSED) {
            throw new IllegalStateException("start() on a receiver that is " + state + "; a receiver starts when IDLE"
                    + " or ENDED");
        }
    }

    /**
     * Asks the kernel to end the receive ({@code ASYNC_CANCEL} by its user_data, submitted with the
     * ring); the handler's {@code onEnd} follows with {@code -ECANCELED} (or the receive's own end if
     * it raced). Does nothing unless armed.
     */
    public void stop() {
        if (state != State.ARMED) {
            return;
        }
        ring.nextSqe().asyncCancel(config.tag()).userData(config.tag() | ZcrxConfig.CANCEL_BIT);
        state = State.STOPPING;
    }

    /**
     * Takes a completion if it is this receiver's (its receive or its cancel).
     *
     * @param cqe a completion of the ring
     * @return false when it belongs to another request
     */
    public boolean onCompletion(Cqe cqe) {
        long ud = cqe.userData();
        if (ud == (config.tag() | ZcrxConfig.CANCEL_BIT)) {
            return true; // the cancel's own result; the receive's final completion says how it ended
        }
        if (ud != config.tag() || (state != State.ARMED && state != State.STOPPING)) {
            return false;
        }
        int res = cqe.res();
        complete(res, cqe.isMore(), res > 0 ? ZcrxCompletion.rawOffset(cqe) : 0);
        return true;
    }

    /** One RECV_ZC completion: data at {@code rawOffset} when {@code res > 0}; the end when {@code !more}. */
    void complete(int res, boolean more, long rawOffset) {
        flushBacklog();
        if (res > 0) {
            long offset = ZcrxCompletion.areaOffset(rawOffset);
            if (ZcrxCompletion.areaId(rawOffset) != 0 || offset + res > area.byteSize()) {
                throw new IllegalStateException("RECV_ZC reported " + res + " bytes at area " + ZcrxCompletion.areaId(
                        rawOffset) + " offset " + offset + ", outside the queue's one area of " + area.byteSize() + " bytes");
            }
            ZcrxBuffer b = take();
            b.hold(offset, res);
            held++;
            delivered++;
            handler.onData(b);
        }
        if (!more) {
            state = State.ENDED;
            endResult = Math.min(res, 0);
            handler.onEnd(endResult);
        }
    }

    private ZcrxBuffer take() {
        if (readyCount == 0) {
            // More buffers held than views kept ready: grow (the one allocation, beyond config.buffers()).
            int n = ready.length;
            ready = Arrays.copyOf(ready, n * 2);
            for (int i = 0; i < n; i++) {
                ready[i] = new ZcrxBuffer(this);
            }
            readyCount = n;
            backlogOffsets = Arrays.copyOf(backlogOffsets, n * 2);
            backlogLengths = Arrays.copyOf(backlogLengths, n * 2);
        }
        return ready[--readyCount];
    }

    /** Called by {@link ZcrxBuffer#release()}: the refill entry, or the backlog when the ring is full. */
    void recycle(ZcrxBuffer b) {
        flushBacklog();
        if (backlog == 0 && refill.offer(b.areaOffset(), b.length())) {
            refill.publish();
            refilled++;
        } else {
            if (backlog == backlogOffsets.length) {
                backlogOffsets = Arrays.copyOf(backlogOffsets, backlog * 2);
                backlogLengths = Arrays.copyOf(backlogLengths, backlog * 2);
            }
            backlogOffsets[backlog] = b.areaOffset();
            backlogLengths[backlog] = b.length();
            backlog++;
        }
        b.unhold();
        held--;
        ready[readyCount++] = b;
    }

    /** Writes waiting refill entries, oldest first, as far as the ring has room. */
    private void flushBacklog() {
        if (backlog == 0) {
            return;
        }
        int done = 0;
        while (done < backlog && refill.offer(backlogOffsets[done], backlogLengths[done])) {
            done++;
        }
        if (done > 0) {
            refill.publish();
            refilled += done;
            System.arraycopy(backlogOffsets, done, backlogOffsets, 0, backlog - done);
            System.arraycopy(backlogLengths, done, backlogLengths, 0, backlog - done);
            backlog -= done;
        }
    }

    MemorySegment area() {
        return area;
    }

    /** {@return where the receiver is in its lifecycle} */
    public State state() {
        return state;
    }

    /** {@return true while the receive is armed or stopping (Go's Active)} */
    public boolean isActive() {
        return state == State.ARMED || state == State.STOPPING;
    }

    /** {@return true once a receive has ended and none is in flight (Go's Stopped)} */
    public boolean isStopped() {
        return state == State.ENDED || state == State.CLOSED;
    }

    /** {@return the last receive's end: 0, or -errno} */
    public int endResult() {
        return endResult;
    }

    /** {@return buffers handed to the handler and not yet released} */
    public int held() {
        return held;
    }

    /** {@return buffers handed to the handler since construction} */
    public long delivered() {
        return delivered;
    }

    /** {@return refill entries published to the kernel since construction} */
    public long refilled() {
        return refilled;
    }

    /** {@return released buffers waiting for room in the refill ring} */
    public int backlog() {
        return backlog;
    }

    /**
     * Ends the receiver (the queue, its area and refill ring stay registered until the ring closes).
     *
     * @throws IllegalStateException while the receive is in flight ({@link #stop()} and reap until
     *     {@link #isStopped()}) or a buffer is held (release every {@link ZcrxBuffer} first)
     */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        if (isActive()) {
            throw new IllegalStateException("close() while the receive is " + state + ": stop() it and reap until"
                    + " isStopped(), or the kernel would deliver into a closed receiver");
        }
        if (held > 0) {
            throw new IllegalStateException("close() while " + held + " ZcrxBuffer(s) are held: release them first"
                    + " so their memory goes back to the kernel");
        }
        state = State.CLOSED;
    }
}
