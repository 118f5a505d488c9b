package io.uring4j.channels;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Close and interrupt while requests are in flight. Reads of an empty FIFO (opened read-write, so
 * the open does not wait for a writer) stay in the kernel until cancelled: the test sees the
 * requests in flight, then closes or interrupts.
 */
@Timeout(30)
class CloseAndInterruptTest {
    @TempDir
    Path dir;

    /** Waits until {@code n} requests of this file are in the kernel. */
    private static void awaitInFlight(UringFile file, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (file.users() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + file.users() + " of " + n + " requests reached the kernel");
            }
            Thread.sleep(5);
        }
        Thread.sleep(50); // users counts from just before submission; let the last ones be submitted
    }

    @Test
    void asyncCloseWith100BlockedThreads() throws Exception {
        Path fifo = Fifo.create(dir, "fifo");
        UringFileChannel ch = UringFileChannel.open(fifo, READ, WRITE);
        int n = 100;
        List<Thread> threads = new ArrayList<>();
        List<AtomicReference<Throwable>> outcomes = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            AtomicReference<Throwable> out = new AtomicReference<>();
            ByteBuffer b = i % 2 == 0 ? ByteBuffer.allocateDirect(64) : ByteBuffer.allocate(64);
            outcomes.add(out);
            buffers.add(b);
            // A tenth on platform threads: they park the same way.
            Thread.Builder builder = i % 10 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
            threads.add(builder.start(() -> {
                try {
                    ch.read(b, 0);
                    out.set(new AssertionError("read returned"));
                } catch (Throwable t) {
                    out.set(t);
                }
            }));
        }
        awaitInFlight(ch.file(), n);
        for (AtomicReference<Throwable> out : outcomes) {
            assertNull(out.get(), "nobody returns before the close");
        }
        ch.close();
        for (Thread t : threads) {
            assertTrue(t.join(java.time.Duration.ofSeconds(10)), "a blocked thread came back after close");
        }
        for (int i = 0; i < n; i++) {
            assertInstanceOf(AsynchronousCloseException.class, outcomes.get(i).get(), "thread " + i);
            assertFalse(outcomes.get(i).get() instanceof ClosedByInterruptException);
            assertEquals(0, buffers.get(i).position(), "nothing was read into buffer " + i);
        }
        assertEquals(0, ch.file().users(), "every request completed");
        assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(1)));
    }

    @Test
    void interruptClosesTheChannelAndWakesTheOthers() throws Exception {
        Path fifo = Fifo.create(dir, "fifo");
        UringFileChannel ch = UringFileChannel.open(fifo, READ, WRITE);
        AtomicReference<Throwable> victim = new AtomicReference<>();
        AtomicReference<Boolean> statusKept = new AtomicReference<>();
        AtomicReference<Throwable> bystander = new AtomicReference<>();
        Thread v = Thread.ofVirtual().start(() -> {
            try {
                ch.read(ByteBuffer.allocateDirect(16));
            } catch (Throwable t) {
                victim.set(t);
                statusKept.set(Thread.currentThread().isInterrupted());
            }
        });
        Thread b = Thread.ofPlatform().start(() -> {
            try {
                ch.read(ByteBuffer.allocate(16), 0);
            } catch (Throwable t) {
                bystander.set(t);
            }
        });
        awaitInFlight(ch.file(), 2);
        v.interrupt();
        v.join();
        b.join();
        assertInstanceOf(ClosedByInterruptException.class, victim.get());
        assertTrue(statusKept.get(), "the interrupt status stays set");
        assertInstanceOf(AsynchronousCloseException.class, bystander.get());
        assertFalse(ch.isOpen());
        assertEquals(0, ch.file().users());
    }

    @Test
    void interruptedBeforeTheCall() throws Exception {
        Path p = Files.write(dir.resolve("f"), new byte[100]);
        UringFileChannel ch = UringFileChannel.open(p, READ);
        AtomicReference<Throwable> out = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            Thread.currentThread().interrupt();
            try {
                ch.read(ByteBuffer.allocate(10));
            } catch (Throwable e) {
                out.set(e);
            }
        });
        t.join();
        assertInstanceOf(ClosedByInterruptException.class, out.get());
        assertFalse(ch.isOpen());
    }

    @Test
    void dataArrivingWinsOverNothing() throws Exception {
        // A blocked read completes normally when a writer supplies data: the wait is a real kernel wait.
        Path fifo = Fifo.create(dir, "fifo");
        try (UringFileChannel ch = UringFileChannel.open(fifo, READ, WRITE)) {
            ByteBuffer got = ByteBuffer.allocate(5);
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    ch.read(got, 0);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            awaitInFlight(ch.file(), 1);
            ch.write(ByteBuffer.wrap("hello".getBytes()), 0);
            reader.join();
            assertEquals("hello", new String(got.array()));
        }
    }

    @Test
    void asyncChannelCloseFailsFuturesAfterTheKernelLetGo() throws Exception {
        Path fifo = Fifo.create(dir, "fifo");
        UringAsynchronousFileChannel ch = UringAsynchronousFileChannel.open(fifo, READ, WRITE);
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fs.add(ch.read(i % 2 == 0 ? ByteBuffer.allocate(8) : ByteBuffer.allocateDirect(8), 0));
        }
        Thread.sleep(100);
        for (Future<Integer> f : fs) {
            assertFalse(f.isDone());
        }
        ch.close();
        for (Future<Integer> f : fs) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
            assertInstanceOf(AsynchronousCloseException.class, e.getCause());
        }
        ExecutionException late = assertThrows(ExecutionException.class, () -> ch.read(ByteBuffer.allocate(1), 0).get());
        assertInstanceOf(ClosedChannelException.class, late.getCause());
    }

    /**
     * A page-cache read cannot block and skips the interrupt hook of blocking calls; a thread that
     * is already interrupted must still close the channel and get ClosedByInterruptException.
     */
    @Test
    void interruptedThreadReadingCachedDataClosesTheChannel() throws Exception {
        Path f = dir.resolve("cached");
        Files.write(f, new byte[8192]);
        Files.readAllBytes(f); // cached: an uninterrupted read takes the page-cache path
        UringFileChannel ch = UringFileChannel.open(f, READ);
        try {
            assertEquals(4096, ch.read(ByteBuffer.allocateDirect(4096), 0));
            assertEquals(4096, ch.read(ByteBuffer.allocate(4096)));
            Thread.currentThread().interrupt();
            try {
                assertThrows(ClosedByInterruptException.class, () -> ch.read(ByteBuffer.allocateDirect(4096), 0));
                assertTrue(Thread.currentThread().isInterrupted(), "the interrupt status is kept");
            } finally {
                Thread.interrupted();
            }
            assertFalse(ch.isOpen(), "an interrupt closes the channel");
            assertThrows(ClosedChannelException.class, () -> ch.read(ByteBuffer.allocate(16), 0));
        } finally {
            ch.close();
        }
    }
}
