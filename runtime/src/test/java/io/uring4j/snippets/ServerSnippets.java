package io.uring4j.snippets;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;
import io.uring4j.multishot.Listener;
import io.uring4j.multishot.ListenerHandler;
import io.uring4j.multishot.ListenerOptions;
import io.uring4j.multishot.Multishot;
import io.uring4j.multishot.MultishotEnd;
import io.uring4j.multishot.MultishotHandler;
import io.uring4j.multishot.Multishots;
import io.uring4j.multishot.NoBuffersRearm;
import io.uring4j.net.SendQueue;
import io.uring4j.os.Doctor;
import java.net.InetSocketAddress;

/**
 * The code of the server helpers' Javadoc examples ({@link ListenerOptions}, {@link SendQueue},
 * {@link NoBuffersRearm}): compiled with the tests, so an example cannot drift from the API.
 * The examples module's {@code EchoServer} runs the same pieces against real clients.
 */
public final class ServerSnippets {
    private ServerSnippets() {}

    /** Opens a listener whose accepted sockets have TCP_NODELAY. */
    public static Listener listen(Multishots multishots, ListenerHandler handler) {
        // @start region=listenerOptions
        Listener listener = Listener.open(multishots, new InetSocketAddress("127.0.0.1", 0), 128, false,
                ListenerOptions.TCP_NODELAY, handler); // every accepted socket has TCP_NODELAY set
        // @end
        return listener;
    }

    /** Echoes a received buffer through a connection's send queue; the buffer goes back once sent. */
    public static SendQueue echoQueue(Ring ring, BufferRing buffers, int fd) {
        // @start region=sendQueue
        SendQueue out = new SendQueue(ring, fd, false, buffers.bufferCount(), fd,
                (queue, bid, res) -> buffers.recycle(bid));      // each buffer back once its bytes are out
        // on a receive completion with buffer bid:
        //     out.offer(buffers.buffer(bid).asSlice(0, cqe.res()), bid);   // sent in order, one at a time
        // on the send's completion (user_data fd):
        //     out.complete(cqe.res());
        // @end
        return out;
    }

    /** A receive handler that waits for a quarter of the buffers before re-arming after ENOBUFS. */
    public static MultishotHandler receiver(BufferRing buffers, MultishotHandler onData) {
        // @start region=noBuffersRearm
        NoBuffersRearm rearm = NoBuffersRearm.quarterOf(buffers, 1024);
        MultishotHandler receive = new MultishotHandler() {
            @Override
            public void onCompletion(Multishot sub, Cqe cqe) {
                onData.onCompletion(sub, cqe);             // ... later: buffers.recycle(bid); rearm.recycled(1);
            }

            @Override
            public void onEnd(Multishot sub, MultishotEnd end, int res) {
                if (end == MultishotEnd.NO_BUFFERS) {
                    rearm.park(sub);                       // re-armed once buffers.bufferCount() / 4 are back
                }
            }
        };
        // @end
        return receive;
    }

    /** Checks this process for the planned use; returns the report. */
    public static Doctor.Report doctor() {
        // @start region=doctor
        Doctor.Report report = Doctor.check(Doctor.Inputs.current(64L << 20, 10_000)); // 64 MiB of buffers, 10k fds
        if (!report.usable()) {
            System.err.print(report); // each FAIL line says what was found and what to do
        }
        // @end
        return report;
    }
}
