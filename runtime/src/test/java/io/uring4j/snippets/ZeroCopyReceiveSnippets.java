package io.uring4j.snippets;

import io.uring4j.QueryAnswer;
import io.uring4j.QueryZcrx;
import io.uring4j.Ring;
import io.uring4j.net.ZcrxBuffer;
import io.uring4j.net.ZcrxConfig;
import io.uring4j.net.ZcrxHandler;
import io.uring4j.net.ZcrxReceiver;
import io.uring4j.register.ZcrxQueue;
import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * Javadoc examples of zero-copy receive and the query types (issue 15): compiled with the tests
 * and run by {@code ZeroCopyReceiveSnippetsTest} as far as the machine allows.
 */
public final class ZeroCopyReceiveSnippets {
    private ZeroCopyReceiveSnippets() {}

    /** Describes what the kernel offers for zero-copy receive. */
    public static String describeZcrx(Ring ring) {
        // @start region=queryZcrx
        String text = switch (QueryZcrx.read(ring)) {
            case QueryAnswer.Known<QueryZcrx>(QueryZcrx z) ->
                    "refill header " + z.refillHeaderSize() + " bytes, " + z.ctrlOpcodes() + " control operations";
            case QueryAnswer.NotOnThisKernel<QueryZcrx> lacking ->
                    lacking.message(); // "IO_URING_QUERY_ZCRX needs Linux 6.19; this kernel (6.18...) answered EOPNOTSUPP"
        };
        // @end
        return text;
    }

    /**
     * Receives on {@code socket} through receive queue {@code rxQueue} of interface
     * {@code ifIndex} until the peer closes, handing each buffer to {@code consume}; returns
     * the receive's end (0 or -errno).
     */
    public static int receive(Ring ring, int ifIndex, int rxQueue, int socket, Consumer<MemorySegment> consume) {
        // @start region=receiver
        // A ring with DEFER_TASKRUN and CQE32; a NIC queue with header split and flow steering.
        ZcrxQueue queue = ZcrxQueue.register(ring, ifIndex, rxQueue, 4096, 16L << 20);
        try (ZcrxReceiver rx = new ZcrxReceiver(ring, queue, ZcrxConfig.of(0x2C, 256))) {
            rx.start(socket, new ZcrxHandler() {
                @Override
                public void onData(ZcrxBuffer buffer) {
                    consume.accept(buffer.bytes()); // the NIC's bytes in the area, no copy
                    buffer.release();               // back to the kernel through the refill ring
                }

                @Override
                public void onEnd(int res) {
                    // 0: the peer closed; -errno: the kernel ended the receive
                }
            });
            ring.submit();
            while (rx.isActive()) {
                ring.waitFor(1);
                ring.drain(rx::onCompletion);
            }
            return rx.endResult();
        }
        // @end
    }
}
