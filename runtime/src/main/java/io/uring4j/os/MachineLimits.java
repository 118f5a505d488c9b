package io.uring4j.os;

import io.uring4j.UringException;
import io.uring4j.internal.LibcCalls;
import io.uring4j.internal.PageSize;
import io.uring4j.kernel.flags.ResourceLimit;
import io.uring4j.kernel.flags.RlimitValue;
import io.uring4j.kernel.structs.Rlimit;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * What the machine and the process allow, as {@link RingBudget} needs it: usable cores, the page
 * size and the locked-memory limit ({@code RLIMIT_MEMLOCK}, soft and hard), which is what the
 * kernel charges registered (pinned) buffers to. {@link #current()} reads them; the constructor
 * describes another machine, e.g. to plan a deployment or to test the budget arithmetic.
 *
 * <p>Example:
 * <pre>{@code
 * MachineLimits here = MachineLimits.current();
 * System.out.println(here);   // MachineLimits[cores=2, pageSize=4096, memlock=8388608/8388608]
 * }</pre>
 *
 * @param cores        processors this JVM may use ({@link Runtime#availableProcessors()}), at least 1
 * @param pageSize     bytes per page, a power of two
 * @param memlockSoft  the enforced RLIMIT_MEMLOCK in bytes, or {@link RlimitValue#INFINITY}
 * @param memlockHard  the ceiling the soft limit may be raised to without privilege, or {@link RlimitValue#INFINITY}
 */
public record MachineLimits(int cores, int pageSize, long memlockSoft, long memlockHard) {
    /**
     * Checks the limits.
     *
     * @throws IllegalArgumentException when cores is not positive, pageSize not a power of two, or
     *                                  a limit is negative (other than {@link RlimitValue#INFINITY})
     */
    public MachineLimits {
        if (cores < 1) {
            throw new IllegalArgumentException("cores must be >= 1; was " + cores);
        }
        if (pageSize < 1 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("pageSize must be a power of two; was " + pageSize);
        }
        if (memlockSoft < 0 && memlockSoft != RlimitValue.INFINITY) {
            throw new IllegalArgumentException("memlockSoft must be >= 0 or RlimitValue.INFINITY; was " + memlockSoft);
        }
        if (memlockHard < 0 && memlockHard != RlimitValue.INFINITY) {
            throw new IllegalArgumentException("memlockHard must be >= 0 or RlimitValue.INFINITY; was " + memlockHard);
        }
    }

    /**
     * This process on this machine: available processors, getpagesize(3) and getrlimit(2).
     *
     * @return the limits of the running process and machine
     * @throws UringException when getrlimit fails
     */
    public static MachineLimits current() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment rl = a.allocate(Rlimit.LAYOUT);
            int r = LibcCalls.getrlimit(ResourceLimit.MEMLOCK, rl.address());
            if (r < 0) {
                throw new UringException("getrlimit(RLIMIT_MEMLOCK)", -r);
            }
            return new MachineLimits(Runtime.getRuntime().availableProcessors(), (int) PageSize.BYTES,
                    Rlimit.rlimCur(rl, 0), Rlimit.rlimMax(rl, 0));
        }
    }

    /** {@return true when no locked-memory limit applies} */
    public boolean memlockUnlimited() {
        return memlockSoft == RlimitValue.INFINITY;
    }

    @Override
    public String toString() {
        return "MachineLimits[cores=" + cores + ", pageSize=" + pageSize + ", memlock=" + limit(memlockSoft) + "/"
                + limit(memlockHard) + "]";
    }

    static String limit(long value) {
        return value == RlimitValue.INFINITY ? "unlimited" : Long.toString(value);
    }
}
