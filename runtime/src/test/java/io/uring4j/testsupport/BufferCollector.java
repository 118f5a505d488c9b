package io.uring4j.testsupport;

import io.uring4j.Cqe;
import io.uring4j.buffers.BufferRing;
import io.uring4j.multishot.Multishot;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Records events and copies every received buffer's bytes out; recycles each buffer unless told to hold it. */
public final class BufferCollector extends RecordingHandler {
    public final BufferRing buffers;
    public final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    public final List<Integer> held = new ArrayList<>();
    public boolean hold;

    public BufferCollector(BufferRing buffers) {
        this.buffers = buffers;
    }

    @Override
    public void onCompletion(Multishot sub, Cqe cqe) {
        super.onCompletion(sub, cqe);
        if (!cqe.isBuffer()) {
            return;
        }
        assertTrue(cqe.res() > 0, "a completion with a buffer carries bytes");
        int bid = cqe.bufferId();
        int offset = buffers.consume(cqe);
        MemorySegment b = buffers.buffer(bid);
        byte[] copy = new byte[cqe.res()];
        MemorySegment.copy(b, ValueLayout.JAVA_BYTE, offset, copy, 0, copy.length);
        bytes.writeBytes(copy);
        if (hold) {
            held.add(bid);
        } else {
            buffers.recycle(bid);
        }
    }

    public void recycleHeld() {
        for (int bid : held) {
            buffers.recycle(bid);
        }
        held.clear();
    }

    public String text() {
        return bytes.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
