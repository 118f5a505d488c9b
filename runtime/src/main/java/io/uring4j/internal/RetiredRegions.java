package io.uring4j.internal;

import io.uring4j.kernel.flags.MmapFlags;
import io.uring4j.kernel.flags.MmapProt;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;

/**
 * Regions the kernel shared with us (ring queues, kernel-allocated buffer rings) that were closed:
 * each is swapped at once for an anonymous private placeholder at the same addresses and unmapped
 * {@value #GRACE_MILLIS} ms later.
 *
 * <p>Why not munmap at once: the region's segments belong to a shared arena, and closing it is
 * meant to stop every thread's access to it before the memory goes. On JDK 25 that guarantee has
 * a gap (docs/jdk-shared-arena-close-race.md): a thread stopped in the middle of a compiled
 * access can perform one access after the close returned. Unmapped, that access would fault and
 * kill the JVM, or, once the addresses are reused, write another ring's queue or another
 * allocation. Swapping in a placeholder with {@code MAP_FIXED} replaces the mapping in one step
 * (no instant at which the addresses are free): the kernel loses its reference to the region at
 * once, so a ring is torn down exactly as before, and a late access only reads or writes zero
 * pages that nobody else uses. Such an access follows the close by microseconds (the stopped
 * thread's next safepoint poll); the grace is five orders of magnitude longer.
 *
 * <p>A daemon thread unmaps due placeholders; it exits when none are left. If the placeholder
 * cannot be mapped (mmap fails), the region is unmapped at once, as before this class existed.
 * At most {@value #MAX_PENDING} placeholders are kept.
 */
public final class RetiredRegions {
    /** How long a placeholder outlives the close. */
    public static final long GRACE_MILLIS = 1_000;
    /**
     * Most placeholders kept at once: each is a kernel VMA, and a process may have only
     * {@code vm.max_map_count} (65,530 by default) of them, which the JVM needs too. A program
     * closing rings faster than this per grace loses the oldest placeholders early (they are
     * still milliseconds old, far past the microseconds a late access needs).
     */
    public static final int MAX_PENDING = 4_096;
    private static final ArrayDeque<Region> PENDING = new ArrayDeque<>();
    private static Thread sweeper;

    private record Region(long address, long length, long dueNanos) {}

    private RetiredRegions() {}

    /**
     * Swaps the mapping at {@code address} ({@code length} bytes) for a placeholder, unmapped after
     * the grace; the segments over it must be retired (their arena closed) first.
     *
     * @return 0, or the -errno of the munmap done instead when no placeholder could be mapped
     */
    public static int retire(MemorySegment errno, long address, long length) {
        long r = Syscalls.mmapAt(errno, address, length, MmapProt.READ | MmapProt.WRITE,
                MmapFlags.PRIVATE | MmapFlags.ANONYMOUS | MmapFlags.FIXED, -1, 0);
        if (r != address) {
            return Syscalls.munmap(errno, address, length);
        }
        Region early;
        synchronized (PENDING) {
            early = PENDING.size() >= MAX_PENDING ? PENDING.pollFirst() : null;
            PENDING.addLast(new Region(address, length, System.nanoTime() + GRACE_MILLIS * 1_000_000L));
            if (sweeper == null) {
                sweeper = Thread.ofPlatform().daemon().name("uring4j-retired-regions").start(RetiredRegions::sweep);
            }
        }
        if (early != null) {
            Syscalls.munmap(errno, early.address(), early.length());
        }
        return 0;
    }

    /** {@return placeholders not yet unmapped} */
    public static int pending() {
        synchronized (PENDING) {
            return PENDING.size();
        }
    }

    /** Unmaps placeholders as they fall due (they are queued in due order: the grace is fixed). */
    private static void sweep() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Syscalls.newErrnoSegment(arena);
            for (;;) {
                Region next;
                synchronized (PENDING) {
                    next = PENDING.peekFirst();
                    if (next == null) {
                        sweeper = null;
                        return;
                    }
                }
                long wait = next.dueNanos() - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                synchronized (PENDING) {
                    if (PENDING.peekFirst() != next) {
                        continue; // unmapped early by retire (over MAX_PENDING)
                    }
                    PENDING.removeFirst();
                }
                Syscalls.munmap(errno, next.address(), next.length());
            }
        }
    }
}
