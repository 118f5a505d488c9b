package io.uring4j.testsupport;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;


/** Helpers shared by the ring tests. */
public final class TestSupport {
    private TestSupport() {}

    /** Submits one NOP with {@code userData}, waits for it and checks the completion. */
    public static void nopRoundTrip(Ring ring, long userData) {
        Sqe sqe = ring.nextSqe();
        assertNotNull(sqe, "a fresh ring has a free SQE");
        sqe.nop().userData(userData);
        assertEquals(1, ring.submitAndWait(1), "one SQE submitted");
        Cqe cqe = ring.peek();
        assertNotNull(cqe, "the NOP completed");
        assertEquals(userData, cqe.userData());
        assertEquals(0, cqe.res());
        ring.seen();
    }

    /** The number of open file descriptors of this process. */
    public static long openFds() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code task} on a new platform thread and returns what it threw (or null). */
    public static Throwable thrownOnOtherThread(Callable<?> task) throws InterruptedException {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Thread.ofPlatform().name("not-the-owner").start(() -> {
            try {
                task.call();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.join();
        return thrown.get();
    }

    /** Asserts that {@code t}'s message is not blank and names {@code part} (a parameter or rule). */
    public static void assertMessage(Throwable t, String part) {
        assertTrue(t.getMessage() != null && t.getMessage().contains(part),
                () -> "message names '" + part + "': " + t.getMessage());
        assertFalse(t.getMessage().isBlank());
    }
}
