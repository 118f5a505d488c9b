package io.uring4j.os;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.ChildCode;
import io.uring4j.kernel.flags.SignalNr;
import io.uring4j.testsupport.Loopback;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** WAITID reaps children started with posix_spawn; {@link ChildStatus} decodes the siginfo. */
class WaitidTest {
    @Test
    void reapsAnExitedChildAndReadsItsStatus() {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(4)) {
            int pid = ProcessSpawn.spawn("/bin/sh", "-c", "exit 7");
            assertTrue(pid > 0);
            ChildStatus status = ChildStatus.allocate(arena);
            status.prepareWaitExit(ring.nextSqe(), pid).userData(1);
            assertEquals(0, Loopback.complete(ring, 1, "waitid"));
            assertEquals(pid, status.pid());
            assertEquals(SignalNr.CHLD, status.signo());
            assertEquals(ChildCode.EXITED, status.code());
            assertTrue(status.exited());
            assertFalse(status.killed());
            assertEquals(7, status.exitStatus());
            assertEquals("ChildStatus[pid " + pid + " EXITED status 7]", status.toString());
            assertThrows(IllegalStateException.class, status::signal);

            status.prepareWaitExit(ring.nextSqe(), pid).userData(2);
            ring.submit();
            Loopback.await(ring);
            assertEquals(Errno.ECHILD, ring.peek().errno(), "reaped already: nothing left to wait for");
            ring.seen();
        }
    }

    @Test
    void reportsTheSignalThatKilledAChild() {
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(4)) {
            int pid = ProcessSpawn.spawn("/bin/sh", "-c", "kill -KILL $$");
            ChildStatus status = ChildStatus.allocate(arena);
            status.prepareWaitExit(ring.nextSqe(), pid).userData(1);
            assertEquals(0, Loopback.complete(ring, 1, "waitid"));
            assertEquals(pid, status.pid());
            assertEquals(ChildCode.KILLED, status.code());
            assertTrue(status.killed());
            assertEquals(SignalNr.KILL, status.signal());
            assertThrows(IllegalStateException.class, status::exitStatus);
        }
    }

    @Test
    void spawnFailuresAreTypedAndArgumentsChecked() {
        UringException e = assertThrows(UringException.class, () -> ProcessSpawn.spawn("/nonexistent/uring4j-test"));
        assertEquals(Errno.ENOENT, e.errno());
        assertTrue(e.getMessage().contains("/nonexistent/uring4j-test"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ProcessSpawn.spawn("sh", "-c", "true"), "not absolute");
        assertThrows(IllegalArgumentException.class, () -> ProcessSpawn.spawn("/bin/sh", "a\0b"));
        try (Arena arena = Arena.ofConfined(); Ring ring = Ring.open(2)) {
            ChildStatus status = ChildStatus.allocate(arena);
            assertThrows(IllegalArgumentException.class, () -> status.prepareWaitExit(ring.nextSqe(), 0));
            assertEquals("ChildStatus[nothing reported]", status.toString());
        }
    }
}
