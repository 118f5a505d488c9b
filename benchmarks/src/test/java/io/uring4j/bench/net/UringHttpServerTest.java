package io.uring4j.bench.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The uring4j HTTP server over real loopback sockets: bytes, keep-alive, pipelining, closing. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UringHttpServerTest {
    private static UringHttpServer server;
    private static byte[] request;

    @BeforeAll
    static void start() {
        server = UringHttpServer.start(0);
        request = HttpExchange.request(server.port());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close(); // throws if the server thread failed at any point
        }
    }

    @Test
    void listensOnAnEphemeralPort() {
        assertTrue(server.port() > 0 && server.port() < 65536, "port " + server.port());
    }

    @Test
    void keepAliveRequestsGetTheCannedResponseByteForByte() throws IOException {
        assertEquals("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello",
                HttpExchange.RESPONSE);
        try (Socket s = HttpCheck.connect(server.port())) {
            for (int i = 0; i < 5; i++) {
                s.getOutputStream().write(request);
                assertArrayEquals(HttpExchange.responses(1), s.getInputStream().readNBytes(HttpExchange.RESPONSE_LENGTH),
                        "response " + i);
            }
        }
    }

    @Test
    void aRequestSplitAcrossSegmentsIsAnsweredOnce() throws Exception {
        try (Socket s = HttpCheck.connect(server.port())) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            // Split inside the terminator: the server has to carry its scan state between receives.
            int cut = request.length - 2;
            out.write(request, 0, cut);
            out.flush();
            Thread.sleep(50);
            assertEquals(0, in.available(), "answered before the request was complete");
            out.write(request, cut, request.length - cut);
            assertArrayEquals(HttpExchange.responses(1), in.readNBytes(HttpExchange.RESPONSE_LENGTH));
            Thread.sleep(50);
            assertEquals(0, in.available(), "more than one response for one request");
        }
    }

    @Test
    void pipelinedRequestsGetAllTheirResponsesInOrder() throws Exception {
        int count = 5_000; // more than one send batch, and enough bytes to fill socket buffers
        byte[] burst = new byte[request.length * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(request, 0, burst, i * request.length, request.length);
        }
        try (Socket s = HttpCheck.connect(server.port())) {
            // Write from another thread: the client reads while it writes, or both sides could block.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    s.getOutputStream().write(burst);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            byte[] got = s.getInputStream().readNBytes(count * HttpExchange.RESPONSE_LENGTH);
            writer.get(10, TimeUnit.SECONDS);
            assertArrayEquals(HttpExchange.responses(count), got);
        }
    }

    @Test
    void halfClosedClientMakesTheServerCloseTheConnection() throws IOException {
        try (Socket s = HttpCheck.connect(server.port())) {
            s.getOutputStream().write(request);
            assertArrayEquals(HttpExchange.responses(1), s.getInputStream().readNBytes(HttpExchange.RESPONSE_LENGTH));
            s.shutdownOutput();
            assertEquals(-1, s.getInputStream().read(), "the server must close after the client's FIN");
        }
    }

    @Test
    void requestsSentJustBeforeTheHalfCloseAreStillAnswered() throws IOException {
        try (Socket s = HttpCheck.connect(server.port())) {
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.write(request);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            assertArrayEquals(HttpExchange.responses(2), in.readNBytes(2 * HttpExchange.RESPONSE_LENGTH));
            assertEquals(-1, in.read());
        }
    }

    @Test
    void manyConnectionsAtOnceAndOneAfterAnother() throws IOException {
        // More connections than the buffer ring has buffers, all open together.
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Socket s = HttpCheck.connect(server.port());
                open.add(s);
                s.getOutputStream().write(request);
            }
            for (Socket s : open) {
                assertArrayEquals(HttpExchange.responses(1), s.getInputStream().readNBytes(HttpExchange.RESPONSE_LENGTH));
            }
        } finally {
            for (Socket s : open) {
                s.close();
            }
        }
        // Then connections that come and go, so the server's fds are closed and reused.
        for (int i = 0; i < 300; i++) {
            try (Socket s = HttpCheck.connect(server.port())) {
                s.getOutputStream().write(request);
                assertArrayEquals(HttpExchange.responses(1), s.getInputStream().readNBytes(HttpExchange.RESPONSE_LENGTH));
            }
        }
    }

    @Test
    void servingRequestsAllocatesNothingOnTheServerThread() throws IOException {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = server.thread().threadId();
        int requests = 10_000;
        long allocated = -1;
        try (Socket s = HttpCheck.connect(server.port())) {
            // Before the JIT has compiled the loop, the interpreter allocates; measure rounds
            // until one runs compiled. Any per-request object would cost >= 16 bytes x 10,000.
            for (int round = 0; round < 20; round++) {
                long before = threads.getThreadAllocatedBytes(id);
                exchange(s, requests);
                allocated = threads.getThreadAllocatedBytes(id) - before;
                if (round >= 2 && allocated < 1024) {
                    break;
                }
            }
        }
        System.out.println("uring4j server thread: " + allocated + " bytes allocated for " + requests + " requests");
        assertTrue(allocated < 1024, allocated + " bytes allocated for " + requests + " requests");
    }

    private static void exchange(Socket s, int requests) throws IOException {
        byte[] expected = HttpExchange.responses(1);
        byte[] got = new byte[expected.length];
        for (int i = 0; i < requests; i++) {
            s.getOutputStream().write(request);
            assertEquals(expected.length, s.getInputStream().readNBytes(got, 0, got.length));
            if (!Arrays.equals(expected, got)) {
                assertArrayEquals(expected, got, "response " + i);
            }
        }
    }

    @Test
    void passesTheScriptsCheck() throws IOException {
        assertNull(HttpCheck.check(server.port()));
    }

    @Test
    void aServerCannotTakeAPortInUse() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> UringHttpServer.start(server.port()).close());
        assertTrue(String.valueOf(e.getCause()).contains("EADDRINUSE"), String.valueOf(e.getCause()));
    }
}
