package io.uring4j.channels;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.management.VirtualThreadSchedulerMXBean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many virtual threads at once: every byte checked, and no platform threads added for them. */
@Timeout(45)
class VirtualThreadsTest {
    private static final int THREADS = 10_000;
    private static final int BLOCK = 1024;

    @TempDir
    Path dir;

    private static byte[] block(int i, int round) {
        byte[] b = new byte[BLOCK];
        new SplittableRandom(i * 31L + round).nextBytes(b);
        return b;
    }

    @ParameterizedTest(name = "page-cache fast path {0}")
    @ValueSource(booleans = {true, false})
    void tenThousandVirtualThreadsReadAndWriteEveryByteChecked(boolean cacheFirst) throws Exception {
        CachedReads.enabled = cacheFirst;
        try {
            readAndWrite();
        } finally {
            CachedReads.enabled = true;
        }
    }

    private void readAndWrite() throws Exception {
        Path p = dir.resolve("blocks");
        Files.write(p, new byte[0]);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        try (UringFileChannel ch = UringFileChannel.open(p, READ, WRITE)) {
            // Round 1: each thread writes its block and reads it back. Round 2: each reads its
            // neighbour's block (written by another thread) and writes a second version of its own
            // to a second region. Never a read of a range being written at the same moment: Linux
            // does not make a buffered read atomic against a concurrent write of the same page
            // (the JDK's FileChannel can see torn blocks there too), so such a check could fail
            // without any fault of the channel.
            for (int round = 0; round < 2; round++) {
                int r = round;
                CountDownLatch start = new CountDownLatch(1);
                List<Thread> threads = new ArrayList<>(THREADS);
                for (int i = 0; i < THREADS; i++) {
                    int id = i;
                    threads.add(Thread.ofVirtual().start(() -> {
                        try {
                            start.await();
                            boolean direct = id % 2 == 0;
                            if (r == 0) {
                                byte[] mine = block(id, 0);
                                ByteBuffer src = direct ? ByteBuffer.allocateDirect(BLOCK).put(mine).flip() : ByteBuffer.wrap(mine);
                                assertEquals(BLOCK, ch.write(src, (long) id * BLOCK));
                                ByteBuffer back = direct ? ByteBuffer.allocate(BLOCK) : ByteBuffer.allocateDirect(BLOCK);
                                assertEquals(BLOCK, ch.read(back, (long) id * BLOCK));
                                assertArrayEquals(mine, bytes(back), "block " + id + " read back");
                            } else {
                                int other = (id + 1) % THREADS;
                                ByteBuffer theirs = direct ? ByteBuffer.allocateDirect(BLOCK) : ByteBuffer.allocate(BLOCK);
                                int n = ch.read(theirs, (long) other * BLOCK);
                                assertEquals(BLOCK, n);
                                assertArrayEquals(block(other, 0), bytes(theirs), "block " + other + " as its writer left it");
                                ch.write(ByteBuffer.wrap(block(id, 1)), (long) (THREADS + id) * BLOCK);
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }));
                }
                start.countDown();
                for (Thread t : threads) {
                    t.join();
                }
                if (!failures.isEmpty()) {
                    throw new AssertionError(failures.size() + " threads failed; first:", failures.peek());
                }
            }
            assertEquals(2L * THREADS * BLOCK, ch.size());
        }
        byte[] all = Files.readAllBytes(p);
        for (int i = 0; i < THREADS; i++) {
            assertArrayEquals(block(i, 0), java.util.Arrays.copyOfRange(all, i * BLOCK, (i + 1) * BLOCK), "final block " + i);
            int j = THREADS + i;
            assertArrayEquals(block(i, 1), java.util.Arrays.copyOfRange(all, j * BLOCK, (j + 1) * BLOCK), "final second block " + i);
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate().flip();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    /**
     * 1,000 virtual threads blocked at once in reads of a FIFO (reads that really wait): the JDK's
     * scheduler keeps its carrier pool (no compensation threads) and the process gains no platform
     * thread beyond this layer's reapers.
     */
    @Test
    void blockedVirtualThreadsAddNoPlatformThreads() throws Exception {
        int n = 1000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        VirtualThreadSchedulerMXBean scheduler = ManagementFactory.getPlatformMXBean(VirtualThreadSchedulerMXBean.class);
        Path fifo = Fifo.create(dir, "fifo");
        try (UringFileChannel ch = UringFileChannel.open(fifo, READ, WRITE)) {
            // Warm up: the ring pool and its reapers exist before the baseline is taken.
            ch.write(ByteBuffer.wrap(new byte[1]), 0);
            ch.read(ByteBuffer.allocate(1), 0);
            Thread.ofVirtual().start(() -> { }).join();
            int poolBefore = scheduler.getPoolSize();
            int before = threads.getThreadCount();
            threads.resetPeakThreadCount();

            ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
            int[] seen = new int[256];
            List<Thread> readers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                readers.add(Thread.ofVirtual().start(() -> {
                    try {
                        ByteBuffer one = ByteBuffer.allocate(1);
                        assertEquals(1, ch.read(one, 0));
                        synchronized (seen) {
                            seen[one.get(0) & 0xFF]++;
                        }
                    } catch (Throwable t) {
                        failures.add(t);
                    }
                }));
            }
            awaitUsers(ch.file(), n);
            int poolBlocked = scheduler.getPoolSize();
            int peakBlocked = threads.getPeakThreadCount();
            // A blocking read that held its carrier would show as a mounted virtual thread and
            // would keep others from running.
            int mountedBlocked = scheduler.getMountedVirtualThreadCount();
            boolean otherRan = Thread.ofVirtual().start(() -> { }).join(java.time.Duration.ofSeconds(5));

            byte[] data = new byte[n];
            for (int i = 0; i < n; i++) {
                data[i] = (byte) i;
            }
            try (var out = Files.newOutputStream(fifo)) {
                out.write(data);
            }
            for (Thread t : readers) {
                assertTrue(t.join(java.time.Duration.ofSeconds(20)), "a reader never got its byte");
            }
            if (!failures.isEmpty()) {
                throw new AssertionError(failures.size() + " readers failed; first:", failures.peek());
            }
            for (int v = 0; v < 256; v++) {
                int expected = n / 256 + (v < n % 256 ? 1 : 0);
                assertEquals(expected, seen[v], "readers that got byte value " + v);
            }
            assertEquals(0, mountedBlocked, "virtual threads blocked in read stay mounted on carriers");
            assertTrue(otherRan, "another virtual thread could not run while 1,000 were blocked in read");
            int cores = Runtime.getRuntime().availableProcessors();
            assertTrue(poolBlocked <= Math.max(poolBefore, cores),
                    "carrier pool grew from " + poolBefore + " to " + poolBlocked + " while 1,000 virtual threads were blocked");
            // The FIFO writer above is this platform thread; nothing else may appear.
            assertTrue(peakBlocked <= before + 1,
                    "platform threads grew from " + before + " to a peak of " + peakBlocked);
        }
    }

    private static void awaitUsers(UringFile file, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (file.users() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + file.users() + " of " + n + " reads reached the kernel");
            }
            Thread.sleep(5);
        }
        Thread.sleep(100);
    }
}
