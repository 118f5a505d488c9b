package io.uring4j;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import io.uring4j.kernel.Opcode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

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
 * completion: its segments stay held until the ring closes. So does the memory of a successful
 * PROVIDE_BUFFERS (the kernel may select those buffers for any later request; REMOVE_BUFFERS does
 * not release it yet).
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
    /**
     * PROVIDE_BUFFERS memory that succeeded: the kernel may select those buffers for any later
     * buffer-select request, so it stays held (and its IoArena leased) until the ring closes. Keyed
     * by address, so providing the same memory again replaces, not grows. Allocates, on the legacy
     * provided-buffer path only.
     */
    private final Map<Long, MemorySegment> provided = new HashMap<>();
    private final Map<Long, IoArena> providedLeases = new HashMap<>();

    private final boolean shared;
    /** Nodes in use; written with release ordering, read by {@link #busy()} with acquire. */
    @SuppressWarnings("unused")
    private int count;
    private long[] keys;
    private byte[] opcodes;
    private int[] next;
    private boolean[] done;
    private byte[] segCount;
    /** Held segments, or typed holders (IoVecs, MessageHeader) that reference their segments. */
    private Object[] segs;
    /** The IoArena lease taken for each held segment, or null. */
    private IoArena[] leases;
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
        next = new int[cap];
        done = new boolean[cap];
        segCount = new byte[cap];
        segs = new Object[cap * K];
        leases = new IoArena[cap * K];
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
    void add(long userData, byte opcode, Object[] from, int offset, int n) {
        if (shared) {
            synchronized (this) {
                insert(userData, opcode, from, offset, n);
            }
        } else {
            insert(userData, opcode, from, offset, n);
        }
    }

    private void insert(long userData, byte opcode, Object[] from, int offset, int n) {
        if (freeHead == NONE) {
            grow();
        }
        int node = freeHead;
        freeHead = next[node];
        keys[node] = userData;
        opcodes[node] = opcode;
        done[node] = false;
        segCount[node] = (byte) n;
        int base = node * K;
        for (int i = 0; i < n; i++) {
            Object s = from[offset + i];
            from[offset + i] = null;
            segs[base + i] = s;
            IoArena a = s instanceof MemorySegment m ? IoArena.of(m) : null;
            if (a != null) {
                a.lease();
            }
            leases[base + i] = a;
        }
        int b = bucket(userData);
        next[node] = buckets[b];
        buckets[b] = node;
        COUNT.setRelease(this, (int) COUNT.get(this) + 1);
    }

    /**
     * Settles one completion: checks that the arenas of the request's segments are still open
     * and, for a final completion, releases them (see the class note on equal user_data).
     *
     * @return true when a held segment's arena was closed: a lifetime violation, counted and logged
     */
    boolean complete(long userData, boolean more, int res) {
        if (shared) {
            synchronized (this) {
                return settle(userData, more, res);
            }
        }
        return settle(userData, more, res);
    }

    private boolean settle(long userData, boolean more, int res) {
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
        if (violated) {
            VIOLATIONS.setRelease(this, (long) VIOLATIONS.get(this) + 1);
            LOG.log(System.Logger.Level.WARNING, "io_uring request with user_data 0x" + Long.toHexString(userData)
                    + " completed after the arena of one of its segments was closed: the kernel may have written"
                    + " freed memory (keep the arena open until the final completion, or use an IoArena)");
        }
        if (!more) {
            done[firstOpen] = true;
            if (open == 1) {
                removeAll(b, userData, res >= 0);
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

    /** Unlinks every node with {@code userData} from bucket {@code b}, releasing its segments. */
    private void removeAll(int b, long userData, boolean succeeded) {
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
                if (succeeded && opcodes[node] == PROVIDE_BUFFERS) {
                    retainProvided(node);
                }
                free(node);
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
            IoArena a = leases[base + i];
            if (a != null) {
                leases[base + i] = null;
                a.unlease();
            }
        }
        segCount[node] = 0;
        next[node] = freeHead;
        freeHead = node;
        COUNT.setRelease(this, (int) COUNT.get(this) - 1);
    }

    /** Moves the segments of a succeeded PROVIDE_BUFFERS node into {@link #provided}, lease included. */
    private void retainProvided(int node) {
        int base = node * K;
        for (int i = 0, n = segCount[node]; i < n; i++) {
            if (!(segs[base + i] instanceof MemorySegment s)) {
                continue;
            }
            IoArena a = leases[base + i];
            if (a != null) {
                a.lease(); // the retention's own lease; free() drops the request's
            }
            provided.put(s.address(), s);
            IoArena before = a != null ? providedLeases.put(s.address(), a) : providedLeases.remove(s.address());
            if (before != null) {
                before.unlease();
            }
        }
    }

    /** {@return PROVIDE_BUFFERS memory runs held until the ring closes} */
    synchronized int providedHeld() {
        return provided.size();
    }

    /** Releases everything still held (the ring is closing, after cancelling and reaping what it could). */
    void releaseAll() {
        synchronized (this) {
            provided.clear();
            for (IoArena a : providedLeases.values()) {
                a.unlease();
            }
            providedLeases.clear();
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
        boolean[] oldDone = done;
        byte[] oldCount = segCount;
        Object[] oldSegs = segs;
        IoArena[] oldLeases = leases;
        int[] oldBuckets = buckets;
        int old = oldKeys.length;
        allocate(old * 2);
        // Every old node is in use (the free list was empty): copy them to the same indexes.
        System.arraycopy(oldKeys, 0, keys, 0, old);
        System.arraycopy(oldOpcodes, 0, opcodes, 0, old);
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
