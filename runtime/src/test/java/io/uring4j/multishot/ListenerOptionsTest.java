package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.kernel.flags.SocketLevel;
import io.uring4j.kernel.flags.SocketOption;
import io.uring4j.kernel.flags.TcpOption;
import io.uring4j.snippets.ServerSnippets;
import io.uring4j.testsupport.Libc;
import io.uring4j.testsupport.MultishotLoop;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ListenerOptions} on the real kernel: the options read back with getsockopt on the accepted sockets. */
class ListenerOptionsTest {
    /** Keeps the accepted fds. */
    static final class Accepted implements ListenerHandler {
        final List<Integer> fds = new ArrayList<>();

        @Override
        public void onCompletion(Multishot accept, Cqe cqe) {
            fds.add(cqe.res());
        }

        @Override
        public void onEnd(Multishot accept, MultishotEnd end, int res) {}

        @Override
        public void onFailed(Listener listener, ListenerState step, int res) {
            throw new AssertionError(step + " failed: " + res);
        }
    }

    private static int option(int fd, int level, int name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = arena.allocateFrom(ValueLayout.JAVA_INT, 4);
            assertEquals(0, Libc.getsockopt(fd, level, name, value, len), "getsockopt");
            return value.get(ValueLayout.JAVA_INT, 0);
        }
    }

    /** Opens a listener with {@code options}, accepts one connection and returns {TCP_NODELAY, SO_KEEPALIVE} of it. */
    private static int[] acceptedOptions(ListenerOptions options) throws IOException {
        try (Ring ring = Ring.open(16)) {
            Multishots multishots = new Multishots(ring, 8);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            Accepted accepted = new Accepted();
            Listener listener = options == ListenerOptions.TCP_NODELAY
                    ? ServerSnippets.listen(multishots, accepted)
                    : Listener.open(multishots, new InetSocketAddress("127.0.0.1", 0), 16, false, options, accepted);
            loop.until(() -> listener.state() == ListenerState.LISTENING, 5_000, "listening");
            assertEquals(options, listener.options());
            try (Socket client = new Socket("127.0.0.1", ((InetSocketAddress) listener.boundAddress()).getPort())) {
                loop.until(() -> !accepted.fds.isEmpty(), 5_000, "the accept");
                int fd = accepted.fds.get(0);
                int[] result = {option(fd, SocketLevel.IPPROTO_TCP, TcpOption.NODELAY),
                        option(fd, SocketLevel.SOL_SOCKET, SocketOption.KEEPALIVE)};
                Libc.close(fd);
                listener.close();
                loop.until(() -> listener.state().isFinal(), 5_000, "the close");
                return result;
            }
        }
    }

    @Test
    void acceptedSocketsHaveTcpNoDelay() throws IOException {
        int[] options = acceptedOptions(ListenerOptions.TCP_NODELAY);
        assertEquals(1, options[0], "TCP_NODELAY on the accepted socket");
        assertEquals(0, options[1], "SO_KEEPALIVE not asked for");
    }

    @Test
    void acceptedSocketsHaveBothOptions() throws IOException {
        int[] options = acceptedOptions(ListenerOptions.TCP_NODELAY.withKeepAlive(true));
        assertEquals(1, options[0], "TCP_NODELAY");
        assertEquals(1, options[1], "SO_KEEPALIVE");
    }

    @Test
    void withoutOptionsTheKernelDefaultsStay() throws IOException {
        int[] options = acceptedOptions(ListenerOptions.NONE);
        assertEquals(0, options[0], "TCP_NODELAY is off by default");
        assertEquals(0, options[1], "SO_KEEPALIVE is off by default");
    }

    @Test
    void tcpOptionsOnAUnixSocketAreRefusedBeforeAnythingIsQueued() {
        try (Ring ring = Ring.open(8)) {
            Multishots multishots = new Multishots(ring, 4);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Listener.open(multishots,
                    UnixDomainSocketAddress.of(Path.of("/tmp/never-made.sock")), 4, false,
                    ListenerOptions.TCP_NODELAY, new Accepted()));
            assertTrue(e.getMessage().contains("Unix socket"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Listener.open(multishots,
                    new InetSocketAddress("127.0.0.1", 0), 4, false, null, new Accepted()));
            assertEquals(ring.sqEntries(), ring.sqSpaceLeft(), "nothing queued");
            assertEquals(0, multishots.pool().inUse(), "no token held");
        }
    }
}
