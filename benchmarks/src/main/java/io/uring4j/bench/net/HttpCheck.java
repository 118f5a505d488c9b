package io.uring4j.bench.net;

import io.uring4j.internal.Checks;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Checks a running benchmark server byte for byte: on one keep-alive connection, a few requests
 * one at a time and then a few pipelined, each answer compared with {@link HttpExchange#RESPONSE};
 * finally a half-close (shutdown of the client's output) must make the server close the
 * connection. {@code HttpCheck PORT} prints "ok" or what differed, and exits 1 on a difference.
 */
public final class HttpCheck {
    private static final int TIMEOUT_MILLIS = 5_000;
    private static final int SEQUENTIAL = 3;
    private static final int PIPELINED = 4;

    private HttpCheck() {}

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: HttpCheck PORT");
            System.exit(2);
        }
        String problem = check(Integer.parseInt(args[0]));
        if (problem != null) {
            System.err.println("HttpCheck: " + problem);
            System.exit(1);
        }
        System.out.println("ok");
    }

    /** Runs the checks; returns null when all pass, else what went wrong. */
    static String check(int port) throws IOException {
        byte[] request = HttpExchange.request(port);
        try (Socket s = connect(port)) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (int i = 0; i < SEQUENTIAL; i++) {
                out.write(request);
                out.flush();
                String p = expect(in, HttpExchange.responses(1), "response " + (i + 1));
                if (p != null) {
                    return p;
                }
            }
            byte[] burst = new byte[request.length * PIPELINED];
            for (int i = 0; i < PIPELINED; i++) {
                System.arraycopy(request, 0, burst, i * request.length, request.length);
            }
            out.write(burst);
            out.flush();
            String p = expect(in, HttpExchange.responses(PIPELINED), PIPELINED + " pipelined responses");
            if (p != null) {
                return p;
            }
            s.shutdownOutput();
            int next = in.read();
            if (next != -1) {
                return "after the client half-closed, the server sent byte " + next + " instead of closing";
            }
        }
        return null;
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setSoTimeout(TIMEOUT_MILLIS);
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), TIMEOUT_MILLIS);
        return s;
    }

    /** Reads exactly {@code expected.length} bytes and compares them; null when equal. */
    static String expect(InputStream in, byte[] expected, String what) throws IOException {
        byte[] got = in.readNBytes(expected.length);
        if (Arrays.equals(got, expected)) {
            return null;
        }
        return what + ": expected " + quote(expected) + " but got " + quote(got)
                + (got.length < expected.length ? " (connection closed early)" : "");
    }

    private static String quote(byte[] b) {
        return '"' + new String(b, StandardCharsets.US_ASCII).replace("\r", "\\r").replace("\n", "\\n") + '"';
    }
}
