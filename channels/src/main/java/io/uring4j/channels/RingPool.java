package io.uring4j.channels;

/**
 * The rings this layer owns: a small fixed set, opened on first use and kept for the life of the
 * JVM (each is owned by a daemon platform thread, see {@link ChannelRing}). A thread always uses the same ring (by thread id), which
 * spreads threads evenly and keeps one thread's requests in order on one ring.
 *
 * <p>How many: {@code min(cores, 2)} by default, or the system property
 * {@value #RINGS_PROPERTY}. Each ring has one thread, and the JDK's virtual-thread scheduler has
 * one carrier per core, so the default keeps the platform threads this layer causes within
 * cores + 2.
 */
final class RingPool {
    static final String RINGS_PROPERTY = "io.uring4j.channels.rings";

    private static final class Holder {
        static final RingPool POOL = new RingPool(ringCount());
    }

    private final ChannelRing[] rings;
    final NativeChunks chunks = new NativeChunks();

    private RingPool(int n) {
        rings = new ChannelRing[n];
        for (int i = 0; i < n; i++) {
            rings[i] = new ChannelRing(i);
        }
    }

    static RingPool get() {
        return Holder.POOL;
    }

    private static int ringCount() {
        String p = System.getProperty(RINGS_PROPERTY);
        if (p != null) {
            int n;
            try {
                n = Integer.parseInt(p.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(RINGS_PROPERTY + " must be an integer from 1 to 64; was \"" + p + "\"");
            }
            if (n < 1 || n > 64) {
                throw new IllegalArgumentException(RINGS_PROPERTY + " must be from 1 to 64; was " + n);
            }
            return n;
        }
        return Math.min(Runtime.getRuntime().availableProcessors(), 2);
    }

    /** The current thread's ring. */
    ChannelRing ring() {
        ChannelRing[] r = rings;
        return r.length == 1 ? r[0] : r[(int) Long.remainderUnsigned(Thread.currentThread().threadId(), r.length)];
    }

    /** Every ring (to cancel a closing file's requests wherever they were submitted). */
    ChannelRing[] all() {
        return rings;
    }

    /** Completions still to come, over all rings (tests). */
    int inFlight() {
        int n = 0;
        for (ChannelRing r : rings) {
            n += r.inFlight();
        }
        return n;
    }
}
