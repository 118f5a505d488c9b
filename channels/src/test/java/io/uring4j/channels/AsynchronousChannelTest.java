package io.uring4j.channels;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The AsynchronousFileChannel contract: Future and CompletionHandler forms. */
@Timeout(20)
class AsynchronousChannelTest {
    @TempDir
    Path dir;

    @Test
    void futureReadsAndWrites() throws Exception {
        byte[] data = new byte[64 * 1024];
        new SplittableRandom(1).nextBytes(data);
        Path p = Files.write(dir.resolve("f"), new byte[0]);
        try (UringAsynchronousFileChannel ch = UringAsynchronousFileChannel.open(p, READ, WRITE)) {
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                ByteBuffer src = i % 2 == 0 ? ByteBuffer.wrap(data, i * 4096, 4096)
                        : ByteBuffer.allocateDirect(4096).put(data, i * 4096, 4096).flip();
                writes.add(ch.write(src, i * 4096L));
            }
            for (Future<Integer> w : writes) {
                assertEquals(4096, w.get(5, TimeUnit.SECONDS));
            }
            assertEquals(data.length, ch.size());
            ByteBuffer heap = ByteBuffer.allocate(10_000);
            assertEquals(10_000, ch.read(heap, 100).get());
            assertArrayEquals(Arrays.copyOfRange(data, 100, 10_100), heap.array());
            assertEquals(10_000, heap.position());
            ByteBuffer direct = ByteBuffer.allocateDirect(100);
            assertEquals(36, ch.read(direct, data.length - 36).get());
            assertEquals(-1, ch.read(ByteBuffer.allocate(5), data.length).get(), "EOF");
            assertEquals(0, ch.read(ByteBuffer.allocate(0), 0).get(), "empty buffer");
            assertThrows(IllegalArgumentException.class, () -> ch.read(ByteBuffer.allocate(1), -1));
            assertThrows(IllegalArgumentException.class, () -> ch.read(ByteBuffer.allocate(1).asReadOnlyBuffer(), 0));
            ch.truncate(1000);
            assertEquals(1000, ch.size());
            ch.force(false);
        }
        try (UringAsynchronousFileChannel ro = UringAsynchronousFileChannel.open(p, READ)) {
            assertThrows(NonWritableChannelException.class, () -> ro.write(ByteBuffer.allocate(1), 0));
        }
        try (UringAsynchronousFileChannel wo = UringAsynchronousFileChannel.open(p, WRITE)) {
            assertThrows(NonReadableChannelException.class, () -> wo.read(ByteBuffer.allocate(1), 0));
        }
    }

    @Test
    void completionHandlerGetsResultAndAttachment() throws Exception {
        Path p = Files.write(dir.resolve("f"), "hello async".getBytes());
        try (UringAsynchronousFileChannel ch = UringAsynchronousFileChannel.open(p, READ)) {
            CompletableFuture<Object[]> done = new CompletableFuture<>();
            ByteBuffer dst = ByteBuffer.allocate(32);
            String attachment = "ctx";
            ch.read(dst, 6, attachment, new CompletionHandler<Integer, String>() {
                @Override
                public void completed(Integer result, String a) {
                    done.complete(new Object[] {result, a, Thread.currentThread().isVirtual()});
                }

                @Override
                public void failed(Throwable exc, String a) {
                    done.completeExceptionally(exc);
                }
            });
            Object[] r = done.get(5, TimeUnit.SECONDS);
            assertEquals(5, r[0]);
            assertSame(attachment, r[1]);
            assertEquals(true, r[2], "handlers run on virtual threads by default");
            assertEquals("async", new String(dst.array(), 0, 5));

            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            ch.close();
            ch.read(ByteBuffer.allocate(1), 0, null, new CompletionHandler<Integer, Object>() {
                @Override
                public void completed(Integer result, Object a) {
                    failed.complete(null);
                }

                @Override
                public void failed(Throwable exc, Object a) {
                    failed.complete(exc);
                }
            });
            assertInstanceOf(java.nio.channels.ClosedChannelException.class, failed.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void cancelABlockedRead() throws Exception {
        Path fifo = Fifo.create(dir, "fifo");
        try (UringAsynchronousFileChannel ch = UringAsynchronousFileChannel.open(fifo, READ, WRITE)) {
            Future<Integer> f = ch.read(ByteBuffer.allocateDirect(8), 0);
            Thread.sleep(50);
            assertFalse(f.isDone());
            assertTrue(f.cancel(true));
            assertTrue(f.isCancelled());
            assertThrows(CancellationException.class, f::get);
            // The kernel answers the cancellation; the request leaves the file.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (RingPool.get().inFlight() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, RingPool.get().inFlight(), "the cancelled request completed in the kernel");
            assertTrue(ch.isOpen(), "cancel does not close the channel");
        }
    }

    @Test
    void locksAreDelegated() throws Exception {
        Path p = Files.write(dir.resolve("f"), new byte[100]);
        try (UringAsynchronousFileChannel ch = UringAsynchronousFileChannel.open(p, READ, WRITE)) {
            FileLock l = ch.lock(0, 10, false).get(5, TimeUnit.SECONDS);
            assertTrue(l.isValid());
            assertSame(ch, l.acquiredBy());
            FileLock t = ch.tryLock(20, 10, true);
            assertNotNull(t);
            t.release();
            l.release();
            assertFalse(l.isValid());
        }
    }
}
