package io.uring4j.bench.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The servers with several threads (one ring or selector and one SO_REUSEPORT listener per
 * thread, or uring4j's MSG_RING hand-off from one listener): many connections are spread so
 * that every thread answers some, every answer is byte for byte right, and close() stops every
 * thread and frees the port.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MultiThreadHttpServerTest {
    private static final int THREADS = 3;
    /** With SO_REUSEPORT hashing, the chance that 96 connections all miss one of 3 threads is ~1e-17. */
    private static final int CONNECTIONS = 96;

    @ParameterizedTest
    @ValueSource(strings = {"uring4j", "uring4j-msgring", "nio"})
    void everyThreadAnswersSomeOfManyConnections(String implementation) throws IOException {
        ThreadHttpServer server = (ThreadHttpServer) HttpServer.start(implementation, 0, THREADS);
        int port = server.port();
        byte[] request = HttpExchange.request(port);
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket s = HttpCheck.connect(port);
                open.add(s);
                s.getOutputStream().write(request);
                s.getOutputStream().write(request);
            }
            for (Socket s : open) {
                assertArrayEquals(HttpExchange.responses(2), s.getInputStream().readNBytes(2 * HttpExchange.RESPONSE_LENGTH));
            }
            assertNull(HttpCheck.check(port));
        } finally {
            for (Socket s : open) {
                s.close();
            }
            server.close();
        }
        long[] served = server.servedPerThread();
        assertEquals(THREADS, served.length);
        assertTrue(Arrays.stream(served).allMatch(n -> n > 0), "requests per thread: " + Arrays.toString(served));
        assertTrue(Arrays.stream(served).sum() >= 2L * CONNECTIONS, "requests per thread: " + Arrays.toString(served));
    }

    @ParameterizedTest
    @ValueSource(strings = {"uring4j", "uring4j-msgring", "netty-io_uring", "netty-epoll", "nio"})
    void closeStopsEveryThreadAndFreesThePort(String implementation) throws IOException {
        HttpServer server = HttpServer.start(implementation, 0, THREADS);
        int port = server.port();
        try (Socket s = HttpCheck.connect(port)) {
            s.getOutputStream().write(HttpExchange.request(port));
            assertArrayEquals(HttpExchange.responses(1), s.getInputStream().readNBytes(HttpExchange.RESPONSE_LENGTH));
        }
        server.close();
        assertThrows(ConnectException.class, () -> HttpCheck.connect(port).close(), "still listening on " + port);
        assertFalse(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("uring4j-http-") || t.getName().startsWith("nio-http-")),
                "a server thread is still alive");
    }

    @Test
    void aServerThreadCountBelowOneIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpServer.start("uring4j", 0, 0));
        assertTrue(e.getMessage().contains("threads"), e.getMessage());
    }
}
