package io.uring4j.channels;

import static java.nio.file.StandardOpenOption.READ;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Close while threads keep reading a page-cached file through the fast path (which counts its
 * readers apart from the file's requests): every read returns the file's bytes, every reader
 * ends with the close's exception, and the fd is closed once the last reader is out — while
 * other files are opened meanwhile, so a reused fd number would show as wrong bytes.
 */
@Timeout(60)
class CloseDuringCachedReadsTest {
    private static final int BLOCK = 4096;
    private static final int BLOCKS = 256;

    @TempDir
    Path dir;

    @Test
    void closeWhilePageCacheReadsRun() throws Exception {
        byte[] data = new byte[BLOCK * BLOCKS];
        new SplittableRandom(7).nextBytes(data);
        Path file = Files.write(dir.resolve("cached"), data);
        Path other = Files.write(dir.resolve("other"), new byte[BLOCK * BLOCKS]); // zeros: a wrong fd reads these
        for (int round = 0; round < 20; round++) {
            UringFileChannel ch = UringFileChannel.open(file, READ);
            int fd = ch.file().fd;
            AtomicLong reads = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            List<AtomicReference<Throwable>> outcomes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                AtomicReference<Throwable> out = new AtomicReference<>();
                outcomes.add(out);
                long seed = round * 100L + i;
                Thread.Builder builder = i % 4 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
                threads.add(builder.start(() -> out.set(readUntilClosed(ch, data, seed, reads))));
            }
            while (reads.get() < 1000) {
                Thread.onSpinWait();
            }
            ch.close();
            List<UringFileChannel> others = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                others.add(UringFileChannel.open(other, READ)); // may take the closed fd's number
            }
            for (Thread t : threads) {
                assertTrue(t.join(java.time.Duration.ofSeconds(10)), "a reader did not end after close");
            }
            for (AtomicReference<Throwable> out : outcomes) {
                assertInstanceOf(ClosedChannelException.class, out.get(), "each reader ends with the close");
            }
            assertEquals(0, ch.file().users(), "no reader or request left on the file");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (fdNames(fd, file) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertFalse(fdNames(fd, file), "fd " + fd + " still open on the closed file");
            for (UringFileChannel o : others) {
                o.close();
            }
        }
    }

    /** Reads random blocks, checking each against the file, until the channel is closed. */
    private static Throwable readUntilClosed(UringFileChannel ch, byte[] data, long seed, AtomicLong reads) {
        SplittableRandom random = new SplittableRandom(seed);
        ByteBuffer buf = ByteBuffer.allocateDirect(BLOCK);
        byte[] got = new byte[BLOCK];
        try {
            for (;;) {
                int block = random.nextInt(BLOCKS);
                buf.clear();
                int n = ch.read(buf, (long) block * BLOCK);
                assertEquals(BLOCK, n, "a full block");
                buf.flip().get(got);
                if (!Arrays.equals(got, 0, BLOCK, data, block * BLOCK, (block + 1) * BLOCK)) {
                    return new AssertionError("block " + block + " read other bytes than the file's");
                }
                reads.incrementAndGet();
            }
        } catch (IOException | RuntimeException | AssertionError e) {
            return e;
        }
    }

    /** Whether {@code fd} of this process is open on {@code file}. */
    private static boolean fdNames(int fd, Path file) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).equals(file.toRealPath());
        } catch (IOException e) {
            return false;
        }
    }
}
