package io.uring4j.os;

import io.uring4j.Ring;
import io.uring4j.kernel.flags.RingLimits;
import io.uring4j.kernel.flags.RlimitValue;
import io.uring4j.register.BufferTable;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** {@link RingBudget} arithmetic on described machines, and {@link MachineLimits} of this one. */
class RingBudgetTest {
    private static final long MIB = 1 << 20;
    private static final MachineLimits TWO_CORES_8M = new MachineLimits(2, 4096, 8 * MIB, 16 * MIB);
    private static final MachineLimits UNLIMITED = new MachineLimits(4, 4096, RlimitValue.INFINITY, RlimitValue.INFINITY);

    @Test
    void eightMebibytesOnTwoCores() {
        RingBudget b = RingBudget.forBytes(8 * MIB, TWO_CORES_8M);
        assertEquals(2, b.rings());
        // Queues within 1/8 of 4 MiB: 4096 SQEs (256 KiB) + 8192 CQEs (128 KiB) + a header page.
        assertEquals(4096, b.sqEntries());
        assertEquals(8192, b.cqEntries());
        assertEquals(397_312, b.queueBytes());
        // 3796992 bytes left: target 8 KiB, 256 buffers, grown to 12 KiB each.
        assertEquals(256, b.bufferCount());
        assertEquals(12_288, b.bufferSize());
        assertEquals(7_086_080, b.usedBytes());
        String why = b.toString();
        assertTrue(why.contains("rings: 2, one per core, 4194304 bytes each"), why);
        assertTrue(why.contains("4096 SQ entries and 8192 CQ entries take 397312 bytes"), why);
        assertTrue(why.contains("256 x 12288 bytes = 3145728 of the 3796992 bytes left: target size 8192"), why);
        assertTrue(why.contains("used: 7086080 of 8388608 bytes"), why);
    }

    @Test
    void aSmallBudgetKeepsTheSmallestRingAndOnePageBuffers() {
        RingBudget b = RingBudget.forBytes(64 * 1024, TWO_CORES_8M);
        assertEquals(64, b.sqEntries(), "64 entries cost no more pages than one");
        assertEquals(12_288, b.queueBytes());
        assertEquals(4, b.bufferCount());
        assertEquals(4096, b.bufferSize());
        assertTrue(b.usedBytes() <= b.budget());
    }

    @Test
    void aLargeBudgetCapsTheQueuesAndTheBufferSizeTarget() {
        RingBudget b = RingBudget.forBytes(1L << 30, UNLIMITED);
        assertEquals(4, b.rings());
        assertEquals(RingLimits.MAX_ENTRIES, b.sqEntries());
        assertEquals(RingLimits.MAX_CQ_ENTRIES, b.cqEntries());
        assertEquals(2048, b.bufferCount(), "265285632 bytes left / 64 KiB target = 4047 -> 2048");
        assertEquals(126_976, b.bufferSize(), "grown to 31 pages");
        assertEquals(1_052_786_688L, b.usedBytes());
        assertTrue(b.toString().contains("capped at the kernel's maximum"), b.toString());
        assertTrue(b.toString().contains("memlock: unlimited"), b.toString());
    }

    @Test
    void theBufferCountIsCappedAtWhatTheKernelRegisters() {
        RingBudget b = RingBudget.forBytes(8L << 30, new MachineLimits(1, 4096, RlimitValue.INFINITY, RlimitValue.INFINITY));
        assertEquals(16_384, b.bufferCount());
        assertEquals(0, b.bufferSize() % 4096);
        assertTrue(b.usedBytes() <= b.budget());
        assertTrue(b.toString().contains("(capped at 16384)"), b.toString());
    }

    @Test
    void aBudgetAboveTheMemlockLimitIsRefusedWithWhatToDo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RingBudget.forBytes(8 * MIB + 1, TWO_CORES_8M));
        String m = e.getMessage();
        assertTrue(m.contains("exceeds RLIMIT_MEMLOCK"), m);
        assertTrue(m.contains("soft limit 8388608 bytes, hard limit 16777216"), m);
        assertTrue(m.contains("ulimit -l") && m.contains("LimitMEMLOCK=") && m.contains("--ulimit memlock="), m);
        assertTrue(m.contains("at most 8388608 bytes"), m);
        assertEquals(8 * MIB, RingBudget.forBytes(8 * MIB, TWO_CORES_8M).budget(), "the limit itself is fine");
    }

    @Test
    void tooSmallAndInvalidBudgetsAreRefused() {
        IllegalArgumentException small = assertThrows(IllegalArgumentException.class,
                () -> RingBudget.forBytes(16 * 1024, TWO_CORES_8M));
        assertTrue(small.getMessage().contains("give at least 32768 bytes"), small.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RingBudget.forBytes(0, TWO_CORES_8M));
        assertThrows(IllegalArgumentException.class, () -> RingBudget.forBytes(MIB, null));
        assertThrows(IllegalArgumentException.class, () -> new MachineLimits(0, 4096, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MachineLimits(1, 3000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MachineLimits(1, 4096, -5, 0));
    }

    @Test
    void thisMachineMatchesProc() throws IOException {
        MachineLimits here = MachineLimits.current();
        assertEquals(Runtime.getRuntime().availableProcessors(), here.cores());
        assertEquals(procKernelPageSize(), here.pageSize());
        String[] memlock = procLimit("Max locked memory");
        assertEquals(memlock[0], MachineLimits.limit(here.memlockSoft()), "soft limit");
        assertEquals(memlock[1], MachineLimits.limit(here.memlockHard()), "hard limit");
        if (!here.memlockUnlimited()) {
            long limit = here.memlockSoft();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RingBudget.forBytes(limit + 1));
            assertTrue(e.getMessage().contains(Long.toString(limit)), e.getMessage());
        }
    }

    @Test
    void aBudgetsRingOpensAndItsBuffersRegister() {
        RingBudget b = RingBudget.forBytes(256 * 1024, MachineLimits.current());
        try (Ring ring = Ring.open(b.ringOptions());
                BufferTable table = BufferTable.register(ring, b.bufferCount(), b.bufferSize())) {
            assertEquals(b.sqEntries(), ring.sqEntries());
            assertEquals(b.cqEntries(), ring.cqEntries());
            assertEquals(b.bufferCount(), table.size());
        }
    }

    /** The kernel page size of this process's first mapping, from /proc/self/smaps. */
    private static int procKernelPageSize() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/smaps"))) {
            if (line.startsWith("KernelPageSize:")) {
                return Integer.parseInt(line.replaceAll("\\D+", "")) * 1024;
            }
        }
        throw new AssertionError("no KernelPageSize in /proc/self/smaps");
    }

    /** Soft and hard value of a /proc/self/limits row, as "unlimited" or bytes. */
    private static String[] procLimit(String row) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith(row)) {
                String[] f = line.substring(row.length()).trim().split("\\s+");
                return new String[] {f[0], f[1]};
            }
        }
        throw new AssertionError("no " + row + " in /proc/self/limits");
    }
}
