package io.uring4j.bench.net;

import java.nio.charset.StandardCharsets;

/**
 * The fixed HTTP/1.1 exchange every benchmark server speaks: any request (no body) ending with
 * an empty line gets the same canned "hello" response, and the connection stays open.
 * One place for the bytes, so the four servers and the checks cannot drift apart.
 */
public final class HttpExchange {
    /** Response body. */
    public static final String BODY = "hello";
    /** Header names and values, in the order they are written. */
    public static final String CONTENT_LENGTH = "Content-Length";
    public static final String CONTENT_TYPE = "Content-Type";
    public static final String TEXT_PLAIN = "text/plain";

    /** The whole response, status line to body. */
    public static final String RESPONSE = "HTTP/1.1 200 OK\r\n"
            + CONTENT_LENGTH + ": " + BODY.length() + "\r\n"
            + CONTENT_TYPE + ": " + TEXT_PLAIN + "\r\n"
            + "\r\n"
            + BODY;

    private static final byte[] RESPONSE_BYTES = RESPONSE.getBytes(StandardCharsets.US_ASCII);

    /** Bytes of {@link #RESPONSE}. */
    public static final int RESPONSE_LENGTH = RESPONSE_BYTES.length;

    private HttpExchange() {}

    /** A fresh copy of the response bytes. */
    public static byte[] responseBytes() {
        return RESPONSE_BYTES.clone();
    }

    /** {@code copies} responses back to back (what a client sending that many requests reads). */
    public static byte[] responses(int copies) {
        byte[] out = new byte[copies * RESPONSE_LENGTH];
        for (int i = 0; i < copies; i++) {
            System.arraycopy(RESPONSE_BYTES, 0, out, i * RESPONSE_LENGTH, RESPONSE_LENGTH);
        }
        return out;
    }

    /** A minimal keep-alive GET, as wrk sends it. */
    public static byte[] request(int port) {
        return ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
