package io.uring4j;

import io.uring4j.internal.LibcCalls;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.os.PipeFds;
import io.uring4j.register.FileTable;
import io.uring4j.testsupport.Loopback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** MSG_RING between two rings: posted completions and registered-file passing. */
class RingMessagesTest {
    private static final long SHORT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);


    @Test
    void twoRingsOnTwoThreadsExchangeData() throws Exception {
        CompletableFuture<Ring> workerRing = new CompletableFuture<>();
        CompletableFuture<String> workerSaw = new CompletableFuture<>();
        try (Ring ring = Ring.open(8)) {
            Thread worker = Thread.ofPlatform().name("msg-ring-worker").start(() -> {
                try (Ring mine = Ring.open(8)) {
                    workerRing.complete(mine);
                    Loopback.await(mine);
                    Cqe cqe = mine.peek();
                    long ud = cqe.userData();
                    int res = cqe.res();
                    mine.seen();
                    workerSaw.complete(Long.toHexString(ud) + ":" + res);
                    // Reply to the main ring with the next values.
                    RingMessages.post(mine.nextSqe(), ring, res + 1, ud + 1).userData(100);
                    assertEquals(0, Loopback.complete(mine, 100, "reply"));
                } catch (Throwable t) {
                    workerRing.completeExceptionally(t);
                    workerSaw.completeExceptionally(t);
                }
            });
            Ring target = workerRing.get(10, TimeUnit.SECONDS);
            RingMessages.post(ring.nextSqe(), target, 41, 0xB0B).userData(9);
            ring.submit();
            Map<Long, Integer> got = Loopback.collect(ring, 2);
            assertEquals("b0b:41", workerSaw.get(10, TimeUnit.SECONDS), "the worker's ring got res and user_data as posted");
            assertEquals(Map.of(9L, 0, 0xB0CL, 42), got, "own completion (res 0) and the worker's reply");
            worker.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!worker.isAlive(), "the worker finished");
        }
    }

    @Test
    void aRegisteredFilePassesToAnotherRingAndWorksThere() {
        try (Arena arena = Arena.ofConfined(); Ring a = Ring.open(8); Ring b = Ring.open(8)) {
            FileTable tableA = FileTable.sparse(a, 2);
            FileTable.sparse(b, 4);
            PipeFds pipe = PipeFds.allocate(arena);
            a.nextSqe().pipe(pipe.segment()).userData(1);
            assertEquals(0, Loopback.complete(a, 1, "pipe"));
            tableA.update(1, pipe.writeEnd());
            LibcCalls.close(pipe.writeEnd()); // from now on the write end lives only in registered slots

            RingMessages.sendFile(a.nextSqe(), b, 1, 3, 0xFD).userData(2);
            assertEquals(0, Loopback.complete(a, 2, "msg_ring send fd"), "a named target slot: res 0");
            Loopback.await(b);
            Cqe arrived = b.peek();
            assertEquals(0xFD, arrived.userData(), "the target ring is told with the chosen user_data");
            assertEquals(0, arrived.res(), "res: the slot was named, so 0");
            b.seen();
            tableA.clear(1); // ring a lets go: b's slot must hold its own reference

            MemorySegment hello = arena.allocateFrom("hello through the passed fd");
            b.nextSqe().write(3, hello).flags(SqeFlags.FIXED_FILE).userData(3);
            assertEquals((int) hello.byteSize(), Loopback.complete(b, 3, "write via slot 3 of ring b"));
            MemorySegment back = arena.allocate(hello.byteSize() + 16);
            a.nextSqe().read(pipe.readEnd(), back).userData(4);
            assertEquals((int) hello.byteSize(), Loopback.complete(a, 4, "read the pipe"));
            assertEquals("hello through the passed fd", back.getString(0));
            LibcCalls.close(pipe.readEnd());
        }
    }

    @Test
    void theKernelPicksATargetSlotOrSkipsTheTargetCompletion() {
        try (Arena arena = Arena.ofConfined(); Ring a = Ring.open(8); Ring b = Ring.open(8)) {
            FileTable tableA = FileTable.sparse(a, 1);
            FileTable.sparse(b, 4);
            PipeFds pipe = PipeFds.allocate(arena);
            a.nextSqe().pipe(pipe.segment()).userData(1);
            Loopback.complete(a, 1, "pipe");
            tableA.update(0, pipe.readEnd());

            RingMessages.sendFile(a.nextSqe(), b, 0, -1, 0xA1).userData(2);
            int picked = Loopback.complete(a, 2, "send to any slot");
            assertTrue(picked >= 0 && picked < 4, "the sender learns the slot the kernel picked: " + picked);
            Loopback.await(b);
            assertEquals(0xA1, b.peek().userData());
            assertEquals(picked, b.peek().res(), "the target learns the same slot");
            b.seen();

            RingMessages.sendFileQuietly(a.nextSqe(), b, 0, 3).userData(3);
            assertEquals(0, Loopback.complete(a, 3, "quiet send"));
            assertEquals(-Errno.ETIME.value(), b.waitFor(1, SHORT_NANOS), "CQE_SKIP: the target gets no completion");

            RingMessages.sendFile(a.nextSqe(), b, 0, 9, 0xA2).userData(4);
            a.submit();
            Loopback.await(a);
            assertEquals(Errno.EINVAL, a.peek().errno(), "slot 9 is outside the target's 4-slot table");
            a.seen();
            LibcCalls.close(pipe.readEnd());
            LibcCalls.close(pipe.writeEnd());
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeTheKernel() {
        try (Ring a = Ring.open(8)) {
            Ring closed = Ring.open(2);
            closed.close();
            Sqe sqe = a.nextSqe();
            assertThrows(IllegalArgumentException.class, () -> RingMessages.post(sqe, closed, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> RingMessages.post(sqe, null, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> RingMessages.post(null, a, 1, 1));
            assertThrows(IllegalArgumentException.class, () -> RingMessages.sendFile(sqe, a, -1, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> RingMessages.sendFile(sqe, a, 0, -2, 1));
            sqe.nop().userData(1); // leave the slot in a valid state
            Loopback.complete(a, 1, "nop");
        }
    }
}
