package io.uring4j.os;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.LibcCalls;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.EpollCtlOp;
import io.uring4j.kernel.flags.PollEvents;
import io.uring4j.testsupport.Loopback;
import java.lang.foreign.Arena;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


/** EPOLL_WAIT on an epoll instance made with epoll_create1 ({@link Epoll}), events read through {@link EpollEvents}. */
class EpollTest {
    private static final long SHORT_NANOS = TimeUnit.MILLISECONDS.toNanos(100);


    @Test
    void epollWaitCompletesWhenThePipeBecomesReadable() {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(8); Epoll epoll = Epoll.create()) {
            PipeFds pipe = PipeFds.allocate(arena);
            ring.nextSqe().pipe(pipe.segment()).userData(1);
            Loopback.complete(ring, 1, "pipe");
            try {
                epoll.add(pipe.readEnd(), PollEvents.POLLIN, 0xABCL);
                EpollEvents ready = EpollEvents.allocate(arena, 4);
                ring.nextSqe().epollWait(epoll.fd(), ready.segment()).userData(2);
                ring.submit();
                assertEquals(-Errno.ETIME.value(), ring.waitFor(1, SHORT_NANOS), "nothing readable yet: the wait parks");

                ring.nextSqe().write(pipe.writeEnd(), arena.allocateFrom("x")).userData(3);
                ring.submit();
                Map<Long, Integer> got = Loopback.collect(ring, 2);
                assertEquals(2, got.get(3L), "wrote 'x' and its NUL");
                assertEquals(1, got.get(2L), "one ready event");
                assertEquals(PollEvents.POLLIN, ready.events(0), ready.describe(0));
                assertEquals(0xABCL, ready.data(0), "the data given to add() comes back");
            } finally {
                LibcCalls.close(pipe.readEnd());
                LibcCalls.close(pipe.writeEnd());
            }
        }
    }

    @Test
    void theEpollCtlOpcodeAddsToTheSameInstance() {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(8); Epoll epoll = Epoll.create()) {
            PipeFds pipe = PipeFds.allocate(arena);
            ring.nextSqe().pipe(pipe.segment()).userData(1);
            Loopback.complete(ring, 1, "pipe");
            try {
                EpollEvents interest = EpollEvents.allocate(arena, 1).set(0, PollEvents.POLLOUT, 0x77L);
                ring.nextSqe().epollCtl(epoll.fd(), EpollCtlOp.ADD, pipe.writeEnd(), interest.segment()).userData(2);
                assertEquals(0, Loopback.complete(ring, 2, "epoll_ctl"));
                EpollEvents ready = EpollEvents.allocate(arena, 2);
                ring.nextSqe().epollWait(epoll.fd(), ready.segment()).userData(3);
                assertEquals(1, Loopback.complete(ring, 3, "epoll_wait"), "an empty pipe is writable at once");
                assertEquals(PollEvents.POLLOUT, ready.events(0));
                assertEquals(0x77L, ready.data(0));

                epoll.modify(pipe.writeEnd(), PollEvents.POLLOUT, 0x78L);
                ring.nextSqe().epollWait(epoll.fd(), ready.segment()).userData(4);
                assertEquals(1, Loopback.complete(ring, 4, "epoll_wait"));
                assertEquals(0x78L, ready.data(0), "modify() changed the data");
                epoll.remove(pipe.writeEnd());
                UringException again = assertThrows(UringException.class, () -> epoll.remove(pipe.writeEnd()));
                assertEquals(Errno.ENOENT, again.errno());
            } finally {
                LibcCalls.close(pipe.readEnd());
                LibcCalls.close(pipe.writeEnd());
            }
        }
    }

    @Test
    void closedInstancesAndBadIndexesAreRefused() {
        try (Arena arena = Arena.ofConfined()) {
            Epoll epoll = Epoll.create();
            epoll.close();
            epoll.close();
            assertThrows(IllegalStateException.class, () -> epoll.add(0, PollEvents.POLLIN, 0));
            EpollEvents events = EpollEvents.allocate(arena, 2);
            assertThrows(IndexOutOfBoundsException.class, () -> events.events(2));
            assertThrows(IllegalArgumentException.class, () -> EpollEvents.allocate(arena, 0));
        }
    }
}
