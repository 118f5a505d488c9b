package io.uring4j.stress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.Sqe;
import io.uring4j.context.ContextPool;
import io.uring4j.context.Resolution;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.PollEvents;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.kernel.structs.KernelTimespec;
import io.uring4j.testsupport.NativeFds;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mixed load with exactly-once accounting through {@link ContextPool}: NOPs, 4 KiB reads whose
 * bytes are checked, timeouts that fire, timeouts removed, reads cancelled by linked timeouts and
 * polls cancelled, on a default ring, a multi-issuer ring (a second thread submitting NOPs) and a
 * ring whose CQ is small enough to overflow. Every request's token must resolve exactly once:
 * lost = issued - completed, duplicated = stale resolutions + rejected releases; both must be 0,
 * and no memory held by a request may remain held at the end.
 *
 * <p>Operations per ring: system property {@code uring4j.stress.ops}; the default run is
 * bounded (a few seconds in all), the {@code stress} Maven profile runs 10^7.
 */
class MixedLoadTest {
    private static final long OPS = Long.getLong("uring4j.stress.ops", 30_000);
    private static final int BLOCK = 4096;
    private static final int BLOCKS = 16;
    private static final int SLOTS = 256;
    private static final long NOP_MARK = 0x1234L; // second-thread NOPs (no pool token: bit 63 clear)
    // Kinds (slot long 0); the expected result of the second request of a pair is in slot long 1.
    private static final int NOP = 0, READ = 1, FIRED = 2, REMOVED = 3, REMOVER = 4, LINKED_READ = 5,
            LINK_TIMEOUT = 6, POLL = 7, POLL_REMOVER = 8;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"default", "multi-issuer", "cq-overflow"})
    void everyRequestCompletesExactlyOnce(String mode) throws Exception {
        Path file = dir.resolve("blocks");
        byte[] content = new byte[BLOCK * BLOCKS];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i / BLOCK * 31 + i % 251);
        }
        Files.write(file, content);
        RingOptions options = switch (mode) {
            case "multi-issuer" -> RingOptions.builder().entries(64).multiIssuer().build();
            case "cq-overflow" -> RingOptions.builder().entries(32).cqEntries(32).build();
            default -> RingOptions.ofEntries(64);
        };
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(options)) {
            new Load(ring, arena, file, content, mode.equals("multi-issuer")).run(mode);
        }
    }

    private static final class Load {
        final Ring ring;
        final ContextPool pool = new ContextPool(SLOTS, 2);
        final MemorySegment expected;
        final MemorySegment buffers;
        final MemorySegment fired;
        final MemorySegment linkTs;
        final MemorySegment longTs;
        final int fileFd;
        final int[] pipe = NativeFds.pipe();
        final boolean multi;
        final ReentrantLock lock;
        long issued;
        long completed;
        long wrong;
        String firstWrong;
        long opIndex;

        Load(Ring ring, Arena arena, Path file, byte[] content, boolean multi) throws IOException {
            this.ring = ring;
            this.multi = multi;
            this.lock = multi ? ring.submitLock() : null;
            expected = arena.allocateFrom(ValueLayout.JAVA_BYTE, content);
            buffers = arena.allocate((long) SLOTS * BLOCK, BLOCK);
            fired = timespec(arena, 1_000);
            linkTs = timespec(arena, 200_000);
            longTs = timespec(arena, 10_000_000_000L);
            fileFd = NativeFds.open(file, 0, 0);
        }

        static MemorySegment timespec(Arena arena, long nanos) {
            MemorySegment ts = arena.allocate(KernelTimespec.LAYOUT);
            KernelTimespec.tvSec(ts, 0, nanos / 1_000_000_000L);
            KernelTimespec.tvNsec(ts, 0, nanos % 1_000_000_000L);
            return ts;
        }

        void run(String mode) throws Exception {
            AtomicLong sideSent = new AtomicLong();
            long[] sideSeen = new long[1];
            Thread side = null;
            if (multi) {
                long sideOps = OPS / 4;
                side = Thread.ofPlatform().start(() -> {
                    for (long i = 0; i < sideOps; i++) {
                        lock.lock();
                        try {
                            Sqe s = ring.tryNextSqe();
                            if (s == null) {
                                i--;
                                continue;
                            }
                            s.nop().userData(NOP_MARK);
                            ring.submit();
                            sideSent.incrementAndGet();
                        } finally {
                            lock.unlock();
                        }
                    }
                });
            }
            long start = System.nanoTime();
            // Keep the CQ-overflow ring well past its 32 CQEs between reaps.
            int inFlightTarget = mode.equals("cq-overflow") ? 200 : SLOTS - 8;
            try {
                while (opIndex < OPS) {
                    while (opIndex < OPS && pool.inUse() <= inFlightTarget - 2) {
                        issueOne();
                    }
                    submit();
                    reap(sideSeen, 1);
                }
                long deadline = System.nanoTime() + 30_000_000_000L;
                while ((pool.inUse() > 0 || (side != null && (side.isAlive() || sideSeen[0] < sideSent.get())))
                        && System.nanoTime() < deadline) {
                    submit();
                    reap(sideSeen, 1);
                }
                if (side != null) {
                    side.join();
                }
            } finally {
                NativeFds.close(fileFd);
                NativeFds.close(pipe);
            }
            long lost = issued - completed;
            long duplicated = pool.staleSeen() + pool.rejectedReleases();
            long sideLost = sideSent.get() - sideSeen[0];
            System.out.printf("MixedLoadTest %s: %d operations, %d requests (+%d side NOPs) in %.2f s: lost %d, duplicated %d, "
                    + "side lost %d, wrong results %d, lifetime violations %d%n", mode, opIndex, issued, sideSent.get(),
                    (System.nanoTime() - start) / 1e9, lost, duplicated, sideLost, wrong, ring.lifetimeViolations());
            assertEquals(0, wrong, "wrong results, first: " + firstWrong);
            assertEquals(0, lost, "lost completions");
            assertEquals(0, duplicated, "duplicated or stale completions");
            assertEquals(0, sideLost, "lost NOPs of the second thread");
            assertEquals(0, ring.heldRequests(), "memory still held after every request completed");
            assertEquals(0, ring.lifetimeViolations());
            assertTrue(issued >= OPS);
        }

        private void submit() {
            if (lock != null) {
                lock.lock();
            }
            try {
                ring.submit();
            } finally {
                if (lock != null) {
                    lock.unlock();
                }
            }
        }

        private Sqe sqe() {
            return ring.nextSqe();
        }

        private long token(int kind, long expect) {
            long t = pool.acquire();
            int slot = pool.resolve(t);
            pool.set(slot, 0, kind);
            pool.set(slot, 1, expect);
            issued++;
            return t;
        }

        private void issueOne() {
            if (lock != null) {
                lock.lock();
            }
            try {
                issue((int) (opIndex++ % 6));
            } finally {
                if (lock != null) {
                    lock.unlock();
                }
            }
        }

        private void issue(int which) {
            if (which >= 3 && ring.sqSpaceLeft() < 2) {
                ring.submit(); // a pair (a link above all) must not be split by a full SQ
            }
            switch (which) {
                case 0 -> sqe().nop().userData(token(NOP, 0));
                case 1 -> {
                    long t = token(READ, (opIndex * 7) % BLOCKS);
                    int slot = pool.resolve(t);
                    sqe().read(fileFd, buffers.asSlice((long) slot * BLOCK, BLOCK), (opIndex * 7) % BLOCKS * BLOCK)
                            .userData(t);
                }
                case 2 -> sqe().timeout(fired).userData(token(FIRED, 0));
                case 3 -> {
                    long target = token(REMOVED, 0);
                    sqe().timeout(longTs).userData(target);
                    sqe().timeoutRemove(target).userData(token(REMOVER, 0));
                }
                case 4 -> {
                    long t = token(LINKED_READ, 0);
                    int slot = pool.resolve(t);
                    sqe().read(pipe[0], buffers.asSlice((long) slot * BLOCK, 64)).flags(SqeFlags.IO_LINK).userData(t);
                    sqe().linkTimeout(linkTs).userData(token(LINK_TIMEOUT, 0));
                }
                default -> {
                    long target = token(POLL, 0);
                    sqe().pollAdd(pipe[0], PollEvents.POLLIN).userData(target);
                    sqe().pollRemove(target).userData(token(POLL_REMOVER, 0));
                }
            }
        }

        private void reap(long[] sideSeen, int atLeast) {
            ring.waitFor(atLeast, 5_000_000_000L);
            while (ring.drain(c -> complete(c, sideSeen)) > 0) {
                // drain until the backlog (held back on CQ overflow) is empty
            }
        }

        private void complete(Cqe c, long[] sideSeen) {
            long ud = c.userData();
            if (ud == NOP_MARK) {
                sideSeen[0]++;
                expect(c.res() == 0, "side NOP res " + c.res());
                return;
            }
            int slot = pool.resolve(ud);
            if (!Resolution.isSlot(slot)) {
                expect(false, "user_data 0x" + Long.toHexString(ud) + " resolved " + Resolution.describe(slot));
                return;
            }
            int kind = (int) pool.get(slot, 0);
            int res = c.res();
            switch (kind) {
                case NOP, REMOVER, POLL_REMOVER -> expect(res == 0, "kind " + kind + " res " + res);
                case READ -> {
                    expect(res == BLOCK, "read res " + res);
                    long block = pool.get(slot, 1);
                    long mismatch = MemorySegment.mismatch(buffers, (long) slot * BLOCK, (long) slot * BLOCK + BLOCK,
                            expected, block * BLOCK, block * BLOCK + BLOCK);
                    expect(mismatch == -1, "read bytes differ at " + mismatch);
                }
                case FIRED -> expect(res == -Errno.ETIME.value(), "fired timeout res " + res);
                case REMOVED, POLL, LINKED_READ -> expect(res == -Errno.ECANCELED.value(), "kind " + kind + " res " + res);
                case LINK_TIMEOUT -> expect(res == -Errno.ETIME.value(), "link timeout res " + res);
                default -> expect(false, "kind " + kind);
            }
            expect(!c.lifetimeViolated(), "lifetime violation");
            if (!c.isMore()) {
                completed++;
                pool.release(ud);
            }
        }

        private void expect(boolean ok, String what) {
            if (!ok) {
                wrong++;
                if (firstWrong == null) {
                    firstWrong = what;
                }
            }
        }
    }
}
