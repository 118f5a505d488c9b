package io.uring4j.channels;

import java.util.Arrays;

/**
 * The request slots of one ring, indexed by the low half of user_data. Grows when every slot is
 * in flight (as many slots as the most requests ever in flight at once) and never shrinks, so the
 * steady state allocates nothing. Lookups by the ring thread read a published array.
 */
final class RequestTable {
    private final ChannelRing home;
    private volatile Request[] slots = new Request[64];
    private int created;
    private Request[] free = new Request[64];
    private int freeCount;

    RequestTable(ChannelRing home) {
        this.home = home;
    }

    synchronized Request take() {
        if (freeCount > 0) {
            Request r = free[--freeCount];
            free[freeCount] = null;
            return r;
        }
        Request[] s = slots;
        if (created == s.length) {
            s = Arrays.copyOf(s, s.length * 2);
            free = Arrays.copyOf(free, s.length);
        }
        Request r = new Request(home, created);
        s[created++] = r;
        slots = s; // publish after the slot is filled
        return r;
    }

    synchronized void give(Request r) {
        free[freeCount++] = r;
    }

    /** The slot at {@code index}, or null when no such slot exists. */
    Request get(int index) {
        Request[] s = slots;
        return index >= 0 && index < s.length ? s[index] : null;
    }
}
