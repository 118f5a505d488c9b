package io.uring4j.snippets;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.net.SocketProtocol;

/**
 * Javadoc examples of the pieces added for parity with the Go package (issue 15): compiled with
 * the tests and run by {@code ParitySnippetsTest}.
 */
public final class ParitySnippets {
    private ParitySnippets() {}

    /** Creates a TCP/IPv4 socket through the ring; returns its descriptor. */
    public static int tcp4Socket(Ring ring) {
        // @start region=socketProtocol
        SocketProtocol.TCP4.prepare(ring.nextSqe(), SocketType.CLOEXEC).userData(1);
        ring.submitAndWait(1);
        int fd = UringException.check(ring.peek(), "socket"); // the new descriptor
        ring.seen();
        // @end
        return fd;
    }
}
