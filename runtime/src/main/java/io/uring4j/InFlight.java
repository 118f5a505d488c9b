package io.uring4j;

import io.uring4j.internal.BufferGroupRecord;
import io.uring4j.internal.InFlightLease;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.CqeFlags;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The segments of published requests, keyed by user_data, held until each request's final
 * completion (a CQE without {@code F_MORE}): the strong references that keep a collector from
 * freeing memory the kernel may still write, and the IoArena leases that defer its close.
 *
 * <p>Preallocated (sized from the CQ, doubled only if more requests holding segments are in flight
 * than that), so steady-state submit and reap do not allocate. Nodes with equal user_data may
 * coexist (two requests given the same value): a final completion then cannot say which of them
 * ended, so the segments of all of them stay held until as many final completions have arrived —
 * the conservative choice. A request flagged {@code CQE_SKIP_SUCCESS} that succeeds posts no
 * completion: its segments stay held until the ring closes, and the close, which cannot tell it
 * from a request still running, keeps them until the owner thread exits ({@link CloseQuarantine}). The memory of a successful
 * PROVIDE_BUFFERS moves to its group's {@link BufferGroupRecord}, which keeps it until the group
 * is known empty (a REMOVE_BUFFERS result) or the ring closes.
 *
 * <p>Besides segments, a request may hold leases ({@link InFlightLease}: a buffer group's record,
 * taken by every request naming the group): leased at publication, dropped at the final completion.
 *
 * <p>On a multi-issuer ring the submitting and reaping threads differ, so every change happens
 * under this object's lock; {@link #count} is read without it, with acquire ordering, as the
 * one check that lets requests holding nothing (NOPs) skip the table.
 */
final class InFlight {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(InFlight.class, "count", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final System.Logger LOG = System.getLogger("io.uring4j.lifetime");
    private static final int K = Sqe.MAX_SEGMENTS;
    private static final int NONE = -1;
    private static final byte PROVIDE_BUFFERS = (byte) Opcode.PROVIDE_BUFFERS.value();
    private static final byte REMOVE_BUFFERS = (byte) Opcode.REMOVE_BUFFERS.value();

    private final boolean shared;
    /** Nodes in use; written with release ordering, read by {@link #busy()} with acquire. */
    @SuppressWarnings("unused")
    private int count;
    private long[] keys;
    private byte[] opcodes;
    /** The entry's {@code fd} field: the buffer count of PROVIDE_BUFFERS and REMOVE_BUFFERS. */
    private int[] aux;
    private int[] next;
    private boolean[] done;
    private byte[] segCount;
    /** Held segments, or typed holders (IoVecs, MessageHeader) that reference their segments. */
    private Object[] segs;
    /** The lease taken for each held object (an IoArena for a segment, or an InFlightLease), or null. */
    private Object[] leases;
    private int[] buckets;
    private int freeHead;
    /** Completions that found a held segment's arena closed. */
    private long violations;

    InFlight(int capacity, boolean shared) {
        this.shared = shared;
        allocate(Math.max(16, Integer.highestOneBit(Math.max(1, capacity - 1)) << 1));
    }

    private void allocate(int cap) {
        keys = new long[cap];
        opcodes = new byte[cap];
        aux = new int[cap];
        next = new int[cap];
        done = new boolean[cap];
        segCount = new byte[cap];
        segs = new Object[cap * K];
        leases = new Object[cap * K];
        buckets = new int[cap];
        Arrays.fill(buckets, NONE);
        for (int i = 0; i < cap; i++) {
            next[i] = i + 1 < cap ? i + 1 : NONE;
        }
        freeHead = 0;
    }

    /** {@return true when some request holds segments: the one check on the reaping path} */
    boolean busy() {
        return (int) COUNT.getAcquire(this) != 0;
    }

    /** {@return requests holding segments now} */
    int size() {
        return (int) COUNT.getAcquire(this);
    }

    long violations() {
        return (long) VIOLATIONS.getAcquire(this);
    }

    private static final VarHandle VIOLATIONS;

    static {
        try {
            VIOLATIONS = MethodHandles.lookup().findVarHandle(InFlight.class, "violations", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Moves the {@code n} segments held for one published entry (from {@code from}, at
     * {@code offset}) into the table under {@code userData}, nulling them in {@code from}.
     */
    void add(long userData, byte opcode, int fdField, Object[] from, int offset, int n) {
        if (shared) {
            synchronized (this) {
                insert(userData, opcode, fdField, from, offset, n);
            }
        } else {
            insert(userData, opcode, fdField, from, offset, n);
        }
    }

    private void insert(long userData, byte opcode, int fdField, Object[] from, int offset, int n) {
        if (freeHead == NONE) {
            grow();
        }
        int node = freeHead;
        freeHead = next[node];
        keys[node] = userData;
        opcodes[node] = opcode;
        aux[node] = fdField;
        done[node] = false;
        segCount[node] = (byte) n;
        int base = node * K;
        for (int i = 0; i < n; i++) {
            Object s = from[offset + i];
            from[offset + i] = null;
            segs[base + i] = s;
            leases[base + i] = HeldLeases.lease(s);
        }
        int b = bucket(userData);
        next[node] = buckets[b];
        buckets[b] = node;
        COUNT.setRelease(this, (int) COUNT.get(this) + 1);
    }

    /**
     * Settles one completion: checks that the arenas of the request's segments are still open
     * and, for a final completion (no {@code F_MORE} in {@code flags}), releases them (see the
     * class note on equal user_data).
     *
     * @return true when a held segment's arena was closed: a lifetime violation, counted and logged
     */
    boolean complete(long userData, int flags, int res) {
        if (shared) {
            synchronized (this) {
                return settle(userData, flags, res);
            }
        }
        return settle(userData, flags, res);
    }

    private boolean settle(long userData, int flags, int res) {
        boolean more = (flags & CqeFlags.MORE) != 0;
        int b = bucket(userData);
        boolean violated = false;
        int firstOpen = NONE;
        int open = 0;
        for (int node = buckets[b]; node != NONE; node = next[node]) {
            if (keys[node] != userData) {
                continue;
            }
            int base = node * K;
            for (int i = 0, n = segCount[node]; i < n; i++) {
                if (!alive(segs[base + i])) {
                    violated = true;
                }
            }
            if (!done[node]) {
                open++;
                firstOpen = node;
            }
        }
        if (firstOpen == NONE) {
            return false; // not a request holding segments
        }
        if ((flags & CqeFlags.BUFFER) != 0) {
            BufferGroupRecord g = group(firstOpen);
            if (g != null) {
                g.bufferTaken();
            }
        }
        if (violated) {
            long count = (long) VIOLATIONS.get(this) + 1;
            VIOLATIONS.setRelease(this, count);
            // A loop with this bug would log every request: the first ten, then at each power of two.
            if (count <= 10 || Long.bitCount(count) == 1) {
                LOG.log(System.Logger.Level.WARNING, "io_uring request with user_data 0x" + Long.toHexString(userData)
                        + " completed after the arena of one of its segments was closed: the kernel may have written"
                        + " freed memory (keep the arena open until the final completion, or use an IoArena); "
                        + count + " such completions on this ring so far"
                        + (count >= 10 ? ", further ones logged at the 2^n-th (Ring.lifetimeViolations() counts all)" : ""));
            }
        }
        if (!more) {
            done[firstOpen] = true;
            if (open == 1) {
                removeAll(b, userData, res);
            }
        }
        return violated;
    }

    /** A held segment's arena is open; a typed holder's own memory and every segment it names are. */
    private static boolean alive(Object held) {
        return switch (held) {
            case MemorySegment s -> s.scope().isAlive();
            case IoVecs v -> v.isAlive();
            case io.uring4j.net.MessageHeader h -> h.isAlive();
            default -> true;
        };
    }

    /** The buffer group record node {@code node} holds, or null. */
    private BufferGroupRecord group(int node) {
        int base = node * K;
        for (int i = 0, n = segCount[node]; i < n; i++) {
            if (segs[base + i] instanceof BufferGroupRecord g) {
                return g;
            }
        }
        return null;
    }

    /** Unlinks every node with {@code userData} from bucket {@code b}, releasing its segments. */
    private void removeAll(int b, long userData, int res) {
        int prev = NONE;
        int node = buckets[b];
        while (node != NONE) {
            int after = next[node];
            if (keys[node] == userData) {
                if (prev == NONE) {
                    buckets[b] = after;
                } else {
                    next[prev] = after;
                }
                if (opcodes[node] == PROVIDE_BUFFERS && res >= 0) {
                    retainProvided(node);
                } else if (opcodes[node] == REMOVE_BUFFERS) {
                    BufferGroupRecord g = group(node);
                    if (g != null) {
                        g.removed(res, aux[node]);
                    }
                }
                free(node); // after the group's bookkeeping, so its lease count never passes 0 between
            } else {
                prev = node;
            }
            node = after;
        }
    }

    private void free(int node) {
        int base = node * K;
        for (int i = 0, n = segCount[node]; i < n; i++) {
            segs[base + i] = null;
            Object a = leases[base + i];
            if (a != null) {
                leases[base + i] = null;
                HeldLeases.unlease(a);
            }
        }
        segCount[node] = 0;
        next[node] = freeHead;
        freeHead = node;
        COUNT.setRelease(this, (int) COUNT.get(this) - 1);
    }

    /**
     * Hands the memory of a succeeded PROVIDE_BUFFERS node to its group's record, which keeps it
     * (and a lease on its IoArena) until the group is known empty or the ring closes.
     */
    private void retainProvided(int node) {
        BufferGroupRecord g = group(node);
        int base = node * K;
        for (int i = 0, n = segCount[node]; i < n && g != null; i++) {
            if (!(segs[base + i] instanceof MemorySegment s)) {
                continue;
            }
            Runnable release = null;
            if (leases[base + i] instanceof IoArena a) {
                a.lease(); // the retention's own lease; free() drops the request's
                release = a::unlease;
            }
            g.provided(s, release, aux[node]);
        }
    }

    /** Releases everything still held (the ring is closing, after cancelling and reaping what it could). */
    void releaseAll() {
        synchronized (this) {
            for (int b = 0; b < buckets.length; b++) {
                int node = buckets[b];
                buckets[b] = NONE;
                while (node != NONE) {
                    int after = next[node];
                    free(node);
                    node = after;
                }
            }
        }
    }

    private int bucket(long userData) {
        long h = userData * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h >>> 40) & (buckets.length - 1);
    }

    /** Doubles the node pool and rehashes (allocates: only when more requests hold segments than ever before). */
    private void grow() {
        long[] oldKeys = keys;
        byte[] oldOpcodes = opcodes;
        int[] oldNext = next;
        int[] oldAux = aux;
        boolean[] oldDone = done;
        byte[] oldCount = segCount;
        Object[] oldSegs = segs;
        Object[] oldLeases = leases;
        int[] oldBuckets = buckets;
        int old = oldKeys.length;
        allocate(old * 2);
        // Every old node is in use (the free list was empty): copy them to the same indexes.
        System.arraycopy(oldKeys, 0, keys, 0, old);
        System.arraycopy(oldOpcodes, 0, opcodes, 0, old);
        System.arraycopy(oldAux, 0, aux, 0, old);
        System.arraycopy(oldDone, 0, done, 0, old);
        System.arraycopy(oldCount, 0, segCount, 0, old);
        System.arraycopy(oldSegs, 0, segs, 0, old * K);
        System.arraycopy(oldLeases, 0, leases, 0, old * K);
        for (int b = 0; b < oldBuckets.length; b++) {
            for (int node = oldBuckets[b]; node != NONE; node = oldNext[node]) {
                int nb = bucket(keys[node]);
                next[node] = buckets[nb];
                buckets[nb] = node;
            }
        }
        for (int i = old; i < old * 2; i++) {
            next[i] = i + 1 < old * 2 ? i + 1 : NONE;
        }
        freeHead = old;
    }
}
