package io.uring4j.channels;

import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rings do not let the runtime track their requests' memory (the request slots keep it
 * referenced), so the channels layer itself reports a buffer whose arena was closed while the
 * kernel could still write it, as the runtime's tracking did.
 */
@Timeout(30)
class ClosedBufferArenaTest {
    @TempDir
    Path dir;

    @Test
    void aBufferArenaClosedUnderABlockedReadIsReported() throws Exception {
        Logger logger = Logger.getLogger(ChannelRing.class.getName());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                warnings.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        Path fifo = Fifo.create(dir, "fifo");
        try (UringFileChannel ch = UringFileChannel.open(fifo, READ, WRITE)) {
            // Larger than glibc's largest mmap threshold: the close unmaps it, so the late write
            // faults (EFAULT) instead of corrupting the test JVM's heap.
            Arena arena = Arena.ofShared();
            ByteBuffer buf = arena.allocate(64L << 20).asByteBuffer();
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    outcome.set(ch.read(buf, 0));
                } catch (IOException e) {
                    outcome.set(e);
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (ch.file().users() < 1) {
                assertTrue(System.nanoTime() < deadline, "the read reached the kernel");
                Thread.sleep(5);
            }
            Thread.sleep(50); // counted just before its submission: let it reach the kernel
            arena.close();
            try (FileOutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write("late".getBytes(StandardCharsets.US_ASCII));
            }
            assertTrue(reader.join(Duration.ofSeconds(10)), "the read completed");
            assertTrue(outcome.get() instanceof IOException || Integer.valueOf(4).equals(outcome.get()),
                    "EFAULT or the 4 bytes; was " + outcome.get());
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (warnings.stream().noneMatch(w -> w.contains("after the arena of its buffer was closed"))) {
                assertTrue(System.nanoTime() < deadline, "reported; warnings " + warnings);
                Thread.sleep(5);
            }
        } finally {
            logger.removeHandler(handler);
        }
    }
}
