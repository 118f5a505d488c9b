package io.uring4j;

import io.uring4j.internal.InFlightLease;
import java.lang.foreign.MemorySegment;

/**
 * The leases a held object takes while its request is in flight (see {@link InFlight}): the
 * {@link IoArena} of a segment, the arenas of an {@link IoVecs}' memory and segments, or an
 * {@link InFlightLease} (a buffer group's record). Each defers a close until the lease is dropped.
 */
final class HeldLeases {
    private HeldLeases() {}

    /** Takes the lease a held object carries: its IoArena's for a segment, its own for an InFlightLease. */
    static Object lease(Object held) {
        if (held instanceof MemorySegment m) {
            IoArena a = IoArena.of(m);
            if (a != null) {
                a.lease();
            }
            return a;
        }
        if (held instanceof InFlightLease l) {
            l.lease();
            return l;
        }
        if (held instanceof IoVecs v) {
            return leaseArenas(v);
        }
        if (held instanceof io.uring4j.net.MessageHeader h) {
            // Its msghdr lives in the arena of its iovec array (MessageHeader.allocate); name and
            // control segments are the caller's to keep open.
            return leaseArenas(h.iovecs());
        }
        return null;
    }

    /**
     * Leases the IoArenas of an iovec array's memory and of every segment it names, so that their
     * close waits too: one arena (the usual case) is returned as is, several as an array (allocates,
     * only then); null when none is an IoArena's.
     */
    private static Object leaseArenas(IoVecs v) {
        IoArena first = IoArena.of(v.iovecMemory());
        IoArena[] all = null;
        int n = first != null ? 1 : 0;
        for (int i = 0, count = v.count(); i < count; i++) {
            IoArena a = IoArena.of(v.buffer(i));
            if (a == null || a == first || contains(all, n, a)) {
                continue;
            }
            if (first == null) {
                first = a;
                n = 1;
                continue;
            }
            if (all == null) {
                all = new IoArena[count + 1];
                all[0] = first;
            }
            all[n++] = a;
        }
        if (all != null) {
            IoArena[] leased = java.util.Arrays.copyOf(all, n);
            for (IoArena a : leased) {
                a.lease();
            }
            return leased;
        }
        if (first != null) {
            first.lease();
        }
        return first;
    }

    private static boolean contains(IoArena[] all, int n, IoArena a) {
        for (int i = 0; all != null && i < n; i++) {
            if (all[i] == a) {
                return true;
            }
        }
        return false;
    }

    static void unlease(Object lease) {
        if (lease instanceof IoArena a) {
            a.unlease();
        } else if (lease instanceof InFlightLease l) {
            l.unlease();
        } else if (lease instanceof IoArena[] arenas) {
            for (IoArena a : arenas) {
                a.unlease();
            }
        }
    }
}
