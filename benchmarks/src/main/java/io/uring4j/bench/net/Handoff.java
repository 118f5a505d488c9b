package io.uring4j.bench.net;

import io.uring4j.Ring;
import io.uring4j.RingMessages;
import java.util.List;

/**
 * The loops of a MSG_RING hand-off server, in the order the accepting loop deals connections to
 * them (round-robin, itself included). Used only on the accepting loop's thread.
 */
final class Handoff {
    private final List<UringHttpLoop> loops;
    private int next = -1;

    Handoff(List<UringHttpLoop> loops) {
        this.loops = List.copyOf(loops);
    }

    List<UringHttpLoop> loops() {
        return loops;
    }

    /** Moves to the next loop and returns it. */
    UringHttpLoop next() {
        next = (next + 1) % loops.size();
        return loops.get(next);
    }

    /**
     * Posts a completion with {@code userData} on every loop's ring but {@code from}'s, submitting
     * from {@code ring} ({@code from}'s): the way to wake peers that have no listener.
     */
    void wakeAllBut(UringHttpLoop from, Ring ring, long userData) {
        for (UringHttpLoop peer : loops) {
            if (peer != from) {
                try {
                    RingMessages.post(ring.nextSqe(), peer.ring(), 0, userData).userData(userData);
                } catch (IllegalArgumentException closed) {
                    // that peer has stopped already
                }
            }
        }
        ring.submit();
    }
}
