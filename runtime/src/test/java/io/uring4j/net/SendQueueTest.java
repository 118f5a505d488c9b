package io.uring4j.net;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.Libc;
import io.uring4j.testsupport.SocketPair;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SendQueue} on a Unix stream socket pair: order under back-pressure, no allocation, failure. */
class SendQueueTest {
    private static final long USER_DATA = 0x5E4D;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Reads {@code total} bytes from {@code fd} on another thread. */
    private static CompletableFuture<byte[]> reader(int fd, int total) {
        return CompletableFuture.supplyAsync(() -> {
            byte[] all = new byte[total];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment buf = arena.allocate(65536);
                int got = 0;
                while (got < total) {
                    long n = Libc.read(fd, buf.asSlice(0, Math.min(65536, total - got)));
                    if (n <= 0) {
                        break;
                    }
                    MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, all, got, (int) n);
                    got += (int) n;
                }
                return got == total ? all : java.util.Arrays.copyOf(all, got);
            }
        });
    }

    /** Drives the ring until {@code queue} is idle, routing its completions. */
    private static void run(Ring ring, SendQueue queue, CompletionHandler route) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (queue.isInFlight()) {
            ring.submit();
            if (ring.drain(route) == 0) {
                assertTrue(System.nanoTime() < deadline, "sends still in flight after 20 s: " + queue);
                ring.waitFor(1, TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    @Test
    void manyLargeSendsArriveInOrderAndEachTagOnce() throws Exception {
        Random random = new Random(11);
        int count = 48;
        try (Ring ring = Ring.open(32); Arena arena = Arena.ofConfined(); SocketPair pair = SocketPair.open()) {
            List<Integer> reported = new ArrayList<>();
            List<Integer> lengths = new ArrayList<>();
            SendQueue queue = new SendQueue(ring, pair.local, false, count, USER_DATA,
                    (q, tag, res) -> { reported.add(tag); lengths.add(res); });
            CompletionHandler route = cqe -> { assertEquals(USER_DATA, cqe.userData()); queue.complete(cqe.res()); };
            byte[] expected = new byte[0];
            int[] sizes = new int[count];
            java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < count; i++) {
                sizes[i] = 1 + random.nextInt(64 * 1024); // 48 messages of up to 64 KiB: far more than the socket buffer
                byte[] bytes = new byte[sizes[i]];
                random.nextBytes(bytes);
                all.write(bytes);
                MemorySegment segment = arena.allocate(sizes[i]);
                MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
                assertTrue(queue.offer(segment, i));
                assertTrue(queue.isInFlight());
            }
            assertEquals(count, queue.size());
            assertFalse(queue.offer(arena.allocate(1), 99), "a full queue takes nothing");
            expected = all.toByteArray();
            CompletableFuture<byte[]> received = reader(pair.peer, expected.length);
            run(ring, queue, route);
            assertArrayEquals(expected, received.get(20, TimeUnit.SECONDS), "every byte, in offer order");
            for (int i = 0; i < count; i++) {
                assertEquals(i, reported.get(i), "tags reported in order");
                assertEquals(sizes[i], lengths.get(i), "tag " + i + " reported with its length");
            }
            assertEquals(0, queue.size());
        }
    }

    @Test
    void steadyStateAllocatesNothing() throws Exception {
        int rounds = 20_000;
        try (Ring ring = Ring.open(32); Arena arena = Arena.ofConfined(); SocketPair pair = SocketPair.open()) {
            MemorySegment[] messages = new MemorySegment[8];
            for (int i = 0; i < messages.length; i++) {
                messages[i] = arena.allocate(100 + i);
                messages[i].fill((byte) i);
            }
            int total = 0;
            for (int r = 0; r < rounds * 2; r++) {
                total += (int) messages[r % messages.length].byteSize();
            }
            long[] sentCount = new long[1];
            SendQueue queue = new SendQueue(ring, pair.local, false, messages.length, USER_DATA,
                    (q, tag, res) -> sentCount[0]++);
            // Only the queue's calls are measured (the ring's own wait is measured by its own tests).
            long[] allocated = new long[1];
            boolean[] measuring = new boolean[1];
            CompletionHandler route = cqe -> {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                queue.complete(cqe.res());
                if (measuring[0]) {
                    allocated[0] += THREADS.getCurrentThreadAllocatedBytes() - before;
                }
            };
            CompletableFuture<byte[]> received = reader(pair.peer, total);
            for (int r = 0; r < rounds * 2; r++) {
                measuring[0] = r >= rounds; // after the warm-up half
                for (;;) {
                    long before = THREADS.getCurrentThreadAllocatedBytes();
                    boolean taken = queue.offer(messages[r % messages.length], r);
                    if (measuring[0]) {
                        allocated[0] += THREADS.getCurrentThreadAllocatedBytes() - before;
                    }
                    if (taken) {
                        break;
                    }
                    ring.submit();
                    if (ring.drain(route) == 0) {
                        ring.waitFor(1, TimeUnit.MILLISECONDS.toNanos(50));
                    }
                }
            }
            measuring[0] = false;
            run(ring, queue, route);
            assertEquals(total, received.get(20, TimeUnit.SECONDS).length);
            assertEquals(rounds * 2L, sentCount[0]);
            assertTrue(allocated[0] < 16 * 1024, allocated[0] + " bytes allocated by " + rounds + " offers and completions");
        }
    }

    @Test
    void aFailedSendReportsEveryEntryWithItsErrno() {
        try (Ring ring = Ring.open(8); Arena arena = Arena.ofConfined(); SocketPair pair = SocketPair.open()) {
            pair.closePeer();
            List<Integer> results = new ArrayList<>();
            SendQueue queue = new SendQueue(ring, pair.local, false, 4, USER_DATA, (q, tag, res) -> results.add(tag * 1000 + res));
            MemorySegment bytes = arena.allocate(16);
            assertTrue(queue.offer(bytes, 1));
            assertTrue(queue.offer(bytes, 2));
            run(ring, queue, cqe -> queue.complete(cqe.res()));
            int epipe = -Errno.EPIPE.value();
            assertEquals(List.of(1000 + epipe, 2000 + epipe), results, "both entries reported with -EPIPE");
            assertEquals(epipe, queue.failedRes());
            assertTrue(queue.offer(bytes, 3), "a failed queue reports at once");
            assertEquals(3000 + epipe, results.get(2));
            assertThrows(IllegalStateException.class, () -> queue.complete(5), "no send in flight");
            assertThrows(IllegalArgumentException.class, () -> queue.offer(arena.allocate(0), 4));
            assertThrows(IllegalArgumentException.class, () -> new SendQueue(ring, -1, false, 1, 0, (q, t, r) -> {}));
            assertThrows(IllegalArgumentException.class, () -> new SendQueue(ring, 3, false, 0, 0, (q, t, r) -> {}));
        }
    }
}
