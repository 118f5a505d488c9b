package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.register.FileTable;
import io.uring4j.testsupport.MultishotLoop;
import io.uring4j.testsupport.TestSupport;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;



/** The listener chain on the real kernel: socket, SO_REUSEADDR, bind, listen, multishot accept; v4, v6, Unix; plain and direct. */
class ListenerTest {
    private static final int SLOTS = 8;

    /** Records a listener's events. */
    static final class Events implements ListenerHandler {
        final List<Integer> accepted = new ArrayList<>();
        final List<MultishotEnd> acceptEnds = new ArrayList<>();
        int listening;
        int closed;
        ListenerState failedStep;
        int failedRes;

        @Override
        public void onCompletion(Multishot accept, Cqe cqe) {
            accepted.add(cqe.res());
        }

        @Override
        public void onEnd(Multishot accept, MultishotEnd end, int res) {
            acceptEnds.add(end);
        }

        @Override
        public void onListening(Listener listener) {
            listening++;
        }

        @Override
        public void onFailed(Listener listener, ListenerState step, int res) {
            failedStep = step;
            failedRes = res;
        }

        @Override
        public void onClosed(Listener listener) {
            closed++;
        }
    }

    /** Java's networking opens descriptors of its own on first use; let it, before fds are counted. */
    @BeforeAll
    static void warmUpJavaNetworking() throws IOException {
        for (String host : new String[] {"127.0.0.1", "::1"}) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName(host));
                    Socket client = new Socket(server.getInetAddress(), server.getLocalPort());
                    Socket accepted = server.accept()) {
                client.getOutputStream().write(1);
                accepted.getInputStream().read();
            }
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of("v4", false), Arguments.of("v4", true), Arguments.of("v6", false),
                Arguments.of("v6", true), Arguments.of("unix", false), Arguments.of("unix", true));
    }

    private static SocketAddress freeAddress(String family, Path dir, int attempt) throws IOException {
        if (family.equals("unix")) {
            return UnixDomainSocketAddress.of(dir.resolve("listener-" + attempt + ".sock"));
        }
        InetAddress host = InetAddress.getByName(family.equals("v4") ? "127.0.0.1" : "::1");
        try (ServerSocket probe = new ServerSocket(0, 1, host)) {
            return new InetSocketAddress(host, probe.getLocalPort());
        }
    }

    /** Connects, reads {@code n} bytes and closes, on another thread. */
    private static CompletableFuture<String> client(SocketAddress address, int n) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofPlatform().name("listener-client").start(() -> {
            try {
                byte[] got = new byte[n];
                if (address instanceof UnixDomainSocketAddress) {
                    try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                        ch.connect(address);
                        ByteBuffer b = ByteBuffer.wrap(got);
                        while (b.hasRemaining() && ch.read(b) >= 0) {
                            // read until n bytes or end of stream
                        }
                    }
                } else {
                    try (Socket s = new Socket()) {
                        s.connect(address, 5_000);
                        s.setSoTimeout(5_000);
                        InputStream in = s.getInputStream();
                        int off = 0;
                        for (int r; off < n && (r = in.read(got, off, n - off)) > 0; off += r) {
                            // read until n bytes or end of stream
                        }
                    }
                }
                result.complete(new String(got, StandardCharsets.US_ASCII));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    @ParameterizedTest(name = "{0}, direct={1}")
    @MethodSource("cases")
    void acceptsAConnection(String family, boolean direct) throws Exception {
        Path dir = Files.createTempDirectory("uring4j-listener");
        long fdsBefore = TestSupport.openFds();
        try (Ring ring = Ring.open(32); Arena arena = Arena.ofConfined()) {
            FileTable files = direct ? FileTable.sparse(ring, SLOTS) : null;
            Multishots multishots = new Multishots(ring, 8);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            Events events = new Events();
            Listener listener = null;
            SocketAddress address = null;
            for (int attempt = 0; attempt < 5; attempt++) {
                address = freeAddress(family, dir, attempt);
                Listener l = Listener.open(multishots, address, 16, direct, events);
                assertEquals(ListenerState.SOCKET, l.state());
                loop.until(() -> !l.state().isSetupStep(), 5_000, "setup of " + l);
                listener = l;
                if (l.state() == ListenerState.LISTENING) {
                    break;
                }
                // Another process took the probed port in between: try another.
                assertEquals(ListenerState.BIND, events.failedStep, "only a bind race may fail: " + l);
                assertEquals(-Errno.EADDRINUSE.value(), events.failedRes);
            }
            assertEquals(ListenerState.LISTENING, listener.state(), listener.toString());
            assertEquals(1, events.listening);
            assertTrue(listener.fd() >= 0);
            assertEquals(direct, listener.isFixedFile());
            if (direct) {
                assertTrue(listener.fd() < SLOTS, "the listening socket is a registered slot: " + listener.fd());
            }
            Multishot acceptor = listener.acceptor();
            assertEquals(direct ? MultishotKind.ACCEPT_DIRECT : MultishotKind.ACCEPT, acceptor.kind());

            CompletableFuture<String> client = client(address, 5);
            loop.until(() -> events.accepted.size() == 1, 5_000, "the accept");
            int conn = events.accepted.get(0);
            assertTrue(conn >= 0, "accept: " + Errno.nameOf(-conn));
            if (direct) {
                assertTrue(conn < SLOTS, "a direct accept yields a slot: " + conn);
                assertNotEquals(listener.fd(), conn);
            }
            MemorySegment hello = arena.allocateFrom("hello").asSlice(0, 5);
            Sqe send = ring.nextSqe().send(conn, hello);
            if (direct) {
                send.flags(SqeFlags.FIXED_FILE);
            }
            send.userData(20);
            assertEquals(5, loop.call("send on the accepted connection"));
            assertEquals("hello", client.get(5, TimeUnit.SECONDS), "the client got what the ring sent");

            if (direct) {
                ring.nextSqe().closeDirect(conn).userData(21);
            } else {
                ring.nextSqe().close(conn).userData(21);
            }
            assertEquals(0, loop.call("close the connection"));
            assertEquals(MultishotState.ACTIVE, acceptor.state());
            Listener l = listener;
            l.close();
            assertEquals(ListenerState.CLOSING, l.state());
            loop.until(() -> l.state().isFinal(), 5_000, "the close");
            assertEquals(ListenerState.CLOSED, l.state());
            assertEquals(1, events.closed);
            assertEquals(List.of(MultishotEnd.CANCELLED), events.acceptEnds, "the accept ended once, cancelled");
            assertNull(l.failedStep());
            assertEquals(0, multishots.pool().inUse(), "every token is back");
            assertEquals(0, multishots.live());
            if (files != null) {
                files.close();
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
        assertEquals(fdsBefore, TestSupport.openFds(), "no descriptor leaked");
    }

    @Test
    void portZeroIsReportedByBoundAddressAndAcceptsThere() throws Exception {
        try (Ring ring = Ring.open(32)) {
            Multishots multishots = new Multishots(ring, 8);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            Events events = new Events();
            Listener l = Listener.open(multishots, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16,
                    false, events);
            assertThrows(IllegalStateException.class, l::boundAddress, "no bind yet");
            loop.until(() -> !l.state().isSetupStep(), 5_000, "setup of " + l);
            assertEquals(ListenerState.LISTENING, l.state(), l.toString());
            InetSocketAddress bound = (InetSocketAddress) l.boundAddress();
            assertTrue(bound.getPort() > 0, "the kernel chose a port: " + bound);
            assertEquals(0, ((InetSocketAddress) l.address()).getPort(), "address() stays as requested");

            CompletableFuture<String> client = client(bound, 0);
            loop.until(() -> events.accepted.size() == 1, 5_000, "the accept on the chosen port");
            assertTrue(events.accepted.get(0) >= 0, "accept: " + Errno.nameOf(-events.accepted.get(0)));
            ring.nextSqe().close(events.accepted.get(0)).userData(21);
            assertEquals(0, loop.call("close the connection"));
            assertEquals("", client.get(5, TimeUnit.SECONDS));
            l.close();
            loop.until(() -> l.state().isFinal(), 5_000, "the close");
        }
    }

    @Test
    void aFixedFileListenerHasNoBoundAddressToAsk() throws Exception {
        try (Ring ring = Ring.open(32); FileTable files = FileTable.sparse(ring, SLOTS)) {
            Multishots multishots = new Multishots(ring, 8);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            Listener l = Listener.open(multishots, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16,
                    true, new Events());
            loop.until(() -> !l.state().isSetupStep(), 5_000, "setup of " + l);
            IllegalStateException e = assertThrows(IllegalStateException.class, l::boundAddress);
            assertTrue(e.getMessage().contains("fixed-file listener"), e.getMessage());
            l.close();
            loop.until(() -> l.state().isFinal(), 5_000, "the close");
        }
    }

    @Test
    void aFailedBindIsReportedAndTheSocketClosed() throws Exception {
        Path dir = Files.createTempDirectory("uring4j-listener");
        Path taken = Files.createFile(dir.resolve("taken.sock"));
        long fdsBefore = TestSupport.openFds();
        try (Ring ring = Ring.open(16)) {
            Multishots multishots = new Multishots(ring, 4);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            Events events = new Events();
            Listener l = Listener.open(multishots, UnixDomainSocketAddress.of(taken), 4, false, events);
            loop.until(() -> l.state().isFinal(), 5_000, "the failure");
            assertEquals(ListenerState.FAILED, l.state());
            assertEquals(ListenerState.BIND, events.failedStep);
            assertEquals(-Errno.EADDRINUSE.value(), events.failedRes, "a file is already at the path");
            assertEquals(0, events.listening);
            assertEquals(0, events.closed);
            assertNull(l.acceptor());
            assertEquals(0, multishots.pool().inUse());
        } finally {
            Files.delete(taken);
            Files.delete(dir);
        }
        assertEquals(fdsBefore, TestSupport.openFds(), "the socket made before the failed bind was closed");
    }

    @Test
    void closeDuringSetupWaitsForTheStepThenCloses() throws Exception {
        long fdsBefore = TestSupport.openFds();
        try (Ring ring = Ring.open(16)) {
            Multishots multishots = new Multishots(ring, 4);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            Events events = new Events();
            Listener l = Listener.open(multishots, new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 4,
                    false, events);
            l.close();
            assertEquals(ListenerState.SOCKET, l.state(), "the socket request is already queued");
            loop.until(() -> l.state().isFinal(), 5_000, "the close");
            assertEquals(ListenerState.CLOSED, l.state());
            assertEquals(0, events.listening, "never listened");
            assertEquals(1, events.closed);
            assertEquals(0, multishots.pool().inUse());
        }
        assertEquals(fdsBefore, TestSupport.openFds());
    }
}
