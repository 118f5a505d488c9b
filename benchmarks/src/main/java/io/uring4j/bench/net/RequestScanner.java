package io.uring4j.bench.net;

/**
 * Finds where requests end in a byte stream: each "\r\n\r\n" (the empty line after the headers)
 * completes one request. Requests carry no body here, so that is all the parsing the servers
 * need. The state is one small int per connection (how much of the terminator was matched), so
 * a terminator split across reads is still found, and nothing is allocated.
 */
final class RequestScanner {
    /** Nothing of the terminator matched. */
    static final int START = 0;
    /** Returned by {@link #next} when a request ended with this byte; the caller counts it and goes on from {@link #START}. */
    static final int COMPLETE = 4;

    private static final byte CR = '\r';
    private static final byte LF = '\n';

    private RequestScanner() {}

    /**
     * The state after byte {@code b}. States 0..3 count the bytes of "\r\n\r\n" matched so far.
     *
     * @param state the state before, {@link #START} to 3
     * @return the new state, or {@link #COMPLETE}
     */
    static int next(int state, byte b) {
        if (b == CR) {
            return state == 2 ? 3 : 1;
        }
        if (b == LF) {
            if (state == 1) {
                return 2;
            }
            return state == 3 ? COMPLETE : START;
        }
        return START;
    }
}
