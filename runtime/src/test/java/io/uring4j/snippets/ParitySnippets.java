package io.uring4j.snippets;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.register.WaitRegion;
import java.time.Duration;
import io.uring4j.SqeView;
import io.uring4j.UringException;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.net.FanOut;
import io.uring4j.net.SocketProtocol;
import io.uring4j.register.BufferTable;
import java.lang.foreign.MemorySegment;

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

    /** Prepares a read and describes it before it is submitted; returns the description. */
    public static String describeRead(Ring ring, int fd, MemorySegment buf) {
        // @start region=sqeView
        var sqe = ring.nextSqe().read(fd, buf, 0).userData(7);
        String line = SqeView.of(sqe).describe(); // "READ flags=0 fd(fd)=… buf(addr)=0x… buf(len)=… offset(off)=0 … user_data=7"
        long length = SqeView.of(sqe).field("len");  // any field by its spec name
        // @end
        assert length == buf.byteSize();
        return line;
    }

    /** Opens a ring with a registered wait region and waits through slot 0; returns what the wait returned. */
    public static int registeredWait() {
        // @start region=waitRegion
        try (Ring ring = Ring.open(RingOptions.builder().entries(8).disabled().build())) {
            WaitRegion waits = WaitRegion.register(ring, 4);   // before enable: the kernel insists
            ring.enable();
            waits.timeout(0, Duration.ofMillis(10));           // filled once ...
            ring.nextSqe().nop().userData(1);
            ring.submit();
            return waits.await(0, 1);                          // ... used by every wait: completions ready, or -ETIME
        }
        // @end
    }

    /** Sends {@code buf} to every socket in {@code peers} and waits until the buffer is free again; returns the targets that failed. */
    public static int fanOut(Ring ring, MemorySegment buf, int[] peers) {
        // @start region=fanOut
        FanOut fan = new FanOut(peers.length, 16 * 1024, 1); // zero-copy from 16 KiB; tag 1 in user_data
        fan.send(ring, buf, peers, peers.length);
        ring.submit();
        while (fan.isBusy()) {                                 // results, then notifications of zero-copy sends
            ring.waitFor(1);
            ring.drain(fan::onCompletion);
        }
        // buf may be changed and sent again now
        // @end
        return fan.failed();
    }

    /** Sends the first {@code n} bytes of registered buffer 0 to every socket in {@code peers}, twice; returns the failures. */
    public static int fanOutRegistered(Ring ring, int[] peers, int n) {
        // @start region=fanOutRegistered
        try (BufferTable table = BufferTable.register(ring, 1, 64 * 1024)) {
            MemorySegment bytes = table.buffer(0).asSlice(0, n);  // made once: sending it allocates nothing
            FanOut fan = new FanOut(peers.length, 16 * 1024, 2);
            int failed = 0;
            for (int round = 0; round < 2; round++) {
                bytes.fill((byte) round);                         // only while the fan-out is not busy
                fan.sendRegistered(ring, table, 0, bytes, peers, peers.length);
                ring.submit();
                while (fan.isBusy()) {
                    ring.waitFor(1);
                    ring.drain(fan::onCompletion);
                }
                failed += fan.failed();
            }
            return failed;
        }
        // @end
    }
}
