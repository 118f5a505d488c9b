package io.uring4j.multishot;

import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;
import io.uring4j.testsupport.BufferCollector;
import io.uring4j.testsupport.MultishotLoop;
import io.uring4j.testsupport.RecordingHandler;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** READ_MULTISHOT on a pipe: each write arrives in a provided buffer; closing the writer ends it. */
class MultishotReadTest {
    @Test
    void readsAPipeUntilEndOfStream() {
        try (Ring ring = Ring.open(16); Arena arena = Arena.ofConfined();
                BufferRing buffers = BufferRing.register(ring, 5, 8, 64)) {
            Multishots multishots = new Multishots(ring, 4);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            int[] pipe = loop.pipe(arena);
            BufferCollector h = new BufferCollector(buffers);
            Multishot sub = multishots.read(pipe[0], buffers.groupId(), h);
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String chunk = "chunk-" + i + "-" + "abcdefghij".substring(0, i % 10);
                sent.append(chunk);
                MemorySegment s = arena.allocateFrom(chunk);
                loop.write(pipe[1], s.asSlice(0, chunk.length()));
                loop.until(() -> h.bytes.size() == sent.length(), 5_000, "chunk " + i);
            }
            assertEquals(20, h.results.size(), "one read per write");
            assertTrue(h.results.stream().allMatch(RecordingHandler.Result::more));
            loop.close(pipe[1]);
            loop.until(h::ended, 5_000, "end of stream");
            h.assertEndedOnce(MultishotEnd.END_OF_STREAM);
            assertEquals(sent.toString(), h.text(), "every byte, in order");
            assertTrue(sub.isRetired());
            assertEquals(0, multishots.pool().inUse());
            for (int bid = 0; bid < buffers.bufferCount(); bid++) {
                assertTrue(!buffers.isHeld(bid), "buffer " + bid + " recycled");
            }
            loop.close(pipe[0]);
        }
    }
}
