package io.uring4j.bench.net;

import java.util.Arrays;

/**
 * Per-connection state of the uring4j server, in plain arrays indexed by the socket fd (the
 * kernel hands out the lowest free fd, so the arrays stay small). Growing happens only when a
 * connection gets a higher fd than any before; a request costs no allocation.
 *
 * <p>The responses owed to a connection are one stream of identical canned responses, so what
 * is left to send is a byte count plus where in the response the next byte falls.
 */
final class ConnectionTable {
    private static final byte OPEN = 1;
    /** The multishot receive ended for good (end of stream or error): close once the sends are done. */
    private static final byte READ_DONE = 2;

    private byte[] state = new byte[256];
    /** {@link RequestScanner} state. */
    private int[] scan = new int[256];
    /** Response bytes not yet sent, including those of the send in flight. */
    private int[] owed = new int[256];
    /** Bytes of the send in flight; 0 when none. */
    private int[] inFlight = new int[256];
    /** Offset in the canned response of the next byte to send. */
    private int[] offset = new int[256];
    private int open;

    /** Starts tracking a freshly accepted connection. */
    void open(int fd) {
        if (fd >= state.length) {
            int n = Math.max(fd + 1, state.length * 2);
            state = Arrays.copyOf(state, n);
            scan = Arrays.copyOf(scan, n);
            owed = Arrays.copyOf(owed, n);
            inFlight = Arrays.copyOf(inFlight, n);
            offset = Arrays.copyOf(offset, n);
        }
        state[fd] = OPEN;
        scan[fd] = RequestScanner.START;
        owed[fd] = 0;
        inFlight[fd] = 0;
        offset[fd] = 0;
        open++;
    }

    /** Stops tracking {@code fd} (its close is being submitted). */
    void release(int fd) {
        state[fd] = 0;
        open--;
    }

    boolean isOpen(int fd) {
        return fd >= 0 && fd < state.length && state[fd] != 0;
    }

    /** Connections tracked now. */
    int openCount() {
        return open;
    }

    /** Fills {@code out} with the open fds; returns how many. */
    int openFds(int[] out) {
        int n = 0;
        for (int fd = 0; fd < state.length && n < out.length; fd++) {
            if (state[fd] != 0) {
                out[n++] = fd;
            }
        }
        return n;
    }

    int scanState(int fd) {
        return scan[fd];
    }

    void scanState(int fd, int s) {
        scan[fd] = s;
    }

    void markReadDone(int fd) {
        state[fd] |= READ_DONE;
    }

    boolean isReadDone(int fd) {
        return (state[fd] & READ_DONE) != 0;
    }

    /** Adds {@code bytes} of responses to send. */
    void owe(int fd, int bytes) {
        owed[fd] += bytes;
    }

    int owed(int fd) {
        return owed[fd];
    }

    /** Drops what was owed beyond the send in flight (the peer is gone). */
    void abandon(int fd) {
        owed[fd] = inFlight[fd];
    }

    int inFlight(int fd) {
        return inFlight[fd];
    }

    int offset(int fd) {
        return offset[fd];
    }

    void sending(int fd, int bytes) {
        inFlight[fd] = bytes;
    }

    /** A send finished having moved {@code bytes}; {@code period} is the canned response's length. */
    void sent(int fd, int bytes, int period) {
        inFlight[fd] = 0;
        owed[fd] -= bytes;
        offset[fd] = (offset[fd] + bytes) % period;
    }

    /** A send failed: nothing more will be sent. */
    void sendFailed(int fd) {
        inFlight[fd] = 0;
        owed[fd] = 0;
    }

    /** True when nothing is left to do but close: the receive ended and no send is owed or in flight. */
    boolean isIdleAfterRead(int fd) {
        return isReadDone(fd) && inFlight[fd] == 0 && owed[fd] == 0;
    }
}
