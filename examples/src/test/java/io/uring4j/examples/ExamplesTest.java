package io.uring4j.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Errno;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's examples driven by real clients on loopback: cmp, socket clients, curl and wrk. Bounded in count and time. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExamplesTest {
    @TempDir
    Path dir;

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "finished: " + String.join(" ", command));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + text);
        return text;
    }

    @Test
    void cpCopiesEveryByteAsCmpSees() throws Exception {
        Random random = new Random(7);
        for (int size : new int[] {0, 1, 128 * 1024, 128 * 1024 * 4, 3 * 1024 * 1024 + 12345}) {
            byte[] bytes = new byte[size];
            random.nextBytes(bytes);
            Path from = Files.write(dir.resolve("in-" + size), bytes);
            Path to = dir.resolve("out-" + size);
            Files.write(to, new byte[size + 1000]); // a longer file first: cp must truncate it
            assertEquals(size, CopyFile.copy(from, to));
            run("cmp", from.toString(), to.toString());
        }
    }

    /** A server running on its own thread until stopped. */
    private static final class Running implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final CompletableFuture<Integer> port = new CompletableFuture<>();
        final Thread thread;

        Running(boolean http) {
            thread = Thread.ofPlatform().name(http ? "http" : "echo").start(() -> {
                try {
                    if (http) {
                        HttpServer server = new HttpServer(new InetSocketAddress("127.0.0.1", 0));
                        port.complete(server.port());
                        server.serve(stop::get);
                    } else {
                        EchoServer server = new EchoServer(new InetSocketAddress("127.0.0.1", 0));
                        port.complete(server.port());
                        server.serve(stop::get);
                    }
                } catch (Throwable t) {
                    port.completeExceptionally(t);
                    throw t;
                }
            });
        }

        int port() throws Exception {
            return port.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
            assertTrue(!thread.isAlive(), "the server stopped");
        }
    }

    private static byte[] message(Random random, int size) {
        byte[] m = new byte[size];
        random.nextBytes(m);
        return m;
    }

    private static int[] sizes(Random random, int count) {
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = i == 0 ? 1 : i == 1 ? 64 * 1024 : 1 + random.nextInt(64 * 1024); // 1 B to 64 KiB
        }
        return sizes;
    }

    @Test
    void echoLockstepEveryByteBack() throws Exception {
        try (Running server = new Running(false);
                Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setTcpNoDelay(true);
            Random random = new Random(1);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            long start = System.nanoTime();
            for (int size : sizes(random, 300)) {
                byte[] sent = message(random, size);
                out.write(sent);
                byte[] back = new byte[size];
                in.readFully(back);
                assertArrayEquals(sent, back);
            }
            // 1-byte lockstep round trips: Nagle plus delayed ACK would make these ~40 ms each.
            for (int i = 0; i < 200; i++) {
                out.write(i);
                assertEquals(i & 0xFF, in.read());
            }
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "bounded in time");
        }
    }

    @Test
    void echoPipelinedManyClientsEveryByteInOrder() throws Exception {
        int clients = 8;
        int messages = 100;
        ExecutorService pool = Executors.newFixedThreadPool(clients * 2);
        try (Running server = new Running(false)) {
            int port = server.port();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int seed = 100 + c;
                done.add(pool.submit(() -> {
                    try (Socket socket = new Socket("127.0.0.1", port)) {
                        Random random = new Random(seed);
                        int[] sizes = sizes(random, messages);
                        ByteArrayOutputStream all = new ByteArrayOutputStream();
                        for (int size : sizes) {
                            all.write(message(random, size));
                        }
                        byte[] expected = all.toByteArray();
                        Future<?> writer = pool.submit(() -> { // writes everything without waiting for replies
                            socket.getOutputStream().write(expected);
                            return null;
                        });
                        byte[] back = new byte[expected.length];
                        new DataInputStream(socket.getInputStream()).readFully(back);
                        writer.get(60, TimeUnit.SECONDS);
                        assertArrayEquals(expected, back, "every byte back, in order");
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(90, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void httpAnswersCurlAndPipelinedRequests() throws Exception {
        try (Running server = new Running(true)) {
            String url = "http://127.0.0.1:" + server.port() + "/";
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                String request = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
                socket.getOutputStream().write((request + request + request).getBytes(StandardCharsets.US_ASCII));
                String response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!";
                byte[] back = new byte[response.length() * 3];
                new DataInputStream(socket.getInputStream()).readFully(back);
                assertEquals(response.repeat(3), new String(back, StandardCharsets.US_ASCII));
            }
            if (!onPath("curl")) {
                System.out.println("SKIPPED curl part: curl is not installed (.ci/run installs it)");
                Assumptions.abort("curl is not installed");
            }
            assertEquals("Hello, World!", run("curl", "-sS", "--max-time", "10", url));
            String two = run("curl", "-sS", "-v", "--max-time", "10", url, url);
            assertTrue(two.contains("Hello, World!Hello, World!") || two.contains("Hello, World!"), two);
            assertTrue(two.contains("Re-using existing connection") || two.contains("Reusing existing connection"),
                    "keep-alive: curl reuses the connection\n" + two);
        }
    }

    @Test
    void httpUnderWrk() throws Exception {
        if (!onPath("wrk")) {
            System.out.println("SKIPPED httpUnderWrk: wrk is not installed (.ci/run installs it)");
            Assumptions.abort("wrk is not installed");
        }
        try (Running server = new Running(true)) {
            String out = run("wrk", "-t1", "-c16", "-d2s", "http://127.0.0.1:" + server.port() + "/");
            System.out.println(out);
            assertTrue(out.contains("Requests/sec:"), out);
            assertTrue(!out.contains("Non-2xx") && !out.contains("Socket errors"), "no errors:\n" + out);
            long requests = Long.parseLong(out.replaceAll("(?s).*\\n\\s*(\\d+) requests in.*", "$1"));
            assertTrue(requests > 100, requests + " requests in 2 s");
        }
    }

    @Test
    void timeoutsEndWithEtimeAndEcanceledAfterTheDelay() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int[] res = Timeouts.run(150, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(-Errno.ETIME.value(), res[0]);
        assertEquals(-Errno.ECANCELED.value(), res[1]);
        assertTrue(millis >= 300, "two waits of 150 ms took " + millis + " ms");
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("timeout      ETIME after ") && text.contains("linked read  ECANCELED after "), text);
    }

    @Test
    void doctorSaysUsable() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertEquals(0, Cli.doctor(new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("io_uring is usable here"));
    }
}
