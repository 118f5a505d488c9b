package io.uring4j.multishot;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.buffers.BufferRing;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.IpOption;
import io.uring4j.kernel.flags.MsgFlags;
import io.uring4j.kernel.flags.SocketDomain;
import io.uring4j.kernel.flags.SocketLevel;
import io.uring4j.kernel.flags.SocketType;
import io.uring4j.kernel.structs.Cmsghdr;
import io.uring4j.kernel.structs.InPktinfo;
import io.uring4j.kernel.structs.IoUringRecvmsgOut;
import io.uring4j.kernel.structs.SockaddrIn;
import io.uring4j.kernel.structs.SockaddrStorage;
import io.uring4j.net.RecvmsgView;
import io.uring4j.net.SocketAddresses;
import io.uring4j.testsupport.MultishotLoop;
import io.uring4j.testsupport.RecordingHandler;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Multishot recvmsg on a UDP socket: source name, IP_PKTINFO control data and payload parsed from each buffer. */
class MultishotRecvmsgTest {
    private static final int GROUP = 9;
    private static final int BUFFER = 512;

    /** One parsed datagram. */
    record Datagram(InetSocketAddress from, byte[] payload, int onWire, boolean truncated, boolean nameTruncated,
            int nameOnWire, boolean controlTruncated, byte[] pktinfoAddr) {}

    /** Parses each buffer with a {@link RecvmsgView} while the completion is current, then recycles it. */
    static final class Parser extends RecordingHandler {
        final BufferRing buffers;
        final RecvmsgView view;
        final List<Datagram> got = new ArrayList<>();

        Parser(BufferRing buffers, RecvmsgView view) {
            this.buffers = buffers;
            this.view = view;
        }

        @Override
        public void onCompletion(Multishot sub, Cqe cqe) {
            super.onCompletion(sub, cqe);
            int bid = cqe.bufferId();
            int offset = buffers.consume(cqe);
            view.wrap(buffers.buffer(bid), offset, cqe.res());
            InetSocketAddress from = view.isNameTruncated() ? null : (InetSocketAddress) SocketAddresses.decode(view.name());
            byte[] payload = new byte[view.payloadLength()];
            MemorySegment.copy(view.payload(), ValueLayout.JAVA_BYTE, 0, payload, 0, payload.length);
            byte[] pktinfo = null;
            MemorySegment control = view.control();
            if (control.byteSize() >= Cmsghdr.SIZE + InPktinfo.SIZE
                    && Cmsghdr.cmsgLevel(control, 0) == SocketLevel.IPPROTO_IP
                    && Cmsghdr.cmsgType(control, 0) == IpOption.PKTINFO) {
                pktinfo = new byte[Integer.BYTES];
                MemorySegment.copy(control, ValueLayout.JAVA_BYTE, Cmsghdr.SIZE + InPktinfo.OFF_IPI_ADDR, pktinfo, 0,
                        pktinfo.length);
            }
            got.add(new Datagram(from, payload, view.payloadLengthOnWire(), view.isPayloadTruncated(),
                    view.isNameTruncated(), view.nameLengthOnWire(), view.isControlTruncated(), pktinfo));
            buffers.recycle(bid);
        }
    }

    private static int udpSocket(MultishotLoop loop, Arena arena) {
        loop.ring.nextSqe().socket(SocketDomain.INET, SocketType.DGRAM | SocketType.CLOEXEC).userData(10);
        int fd = loop.call("socket");
        assertTrue(fd >= 0, "socket: " + Errno.nameOf(-fd));
        MemorySegment on = arena.allocateFrom(ValueLayout.JAVA_INT, 1);
        loop.ring.nextSqe().uringCmdSockSetsockopt(fd, SocketLevel.IPPROTO_IP, IpOption.PKTINFO, on).userData(11);
        assertEquals(0, loop.call("setsockopt IP_PKTINFO"));
        return fd;
    }

    /** Binds {@code fd} to a free loopback port (picked, then retried if someone took it meanwhile). */
    static InetSocketAddress bindLoopback(MultishotLoop loop, Arena arena, int fd) throws IOException {
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        for (int attempt = 0; ; attempt++) {
            int port;
            try (DatagramSocket probe = new DatagramSocket(0, lo)) {
                port = probe.getLocalPort();
            }
            InetSocketAddress address = new InetSocketAddress(lo, port);
            loop.ring.nextSqe().bind(fd, SocketAddresses.allocate(arena, address)).userData(12);
            int res = loop.call("bind");
            if (res == 0) {
                return address;
            }
            assertTrue(res == -Errno.EADDRINUSE.value() && attempt < 5, "bind: " + Errno.nameOf(-res));
        }
    }

    @Test
    void parsesNameControlAndPayload() throws IOException {
        try (Ring ring = Ring.open(32); Arena arena = Arena.ofConfined();
                BufferRing buffers = BufferRing.register(ring, GROUP, 16, BUFFER);
                DatagramSocket sender = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            Multishots multishots = new Multishots(ring, 4);
            MultishotLoop loop = new MultishotLoop(ring, multishots);
            int roomy = udpSocket(loop, arena);
            int cramped = udpSocket(loop, arena);
            InetSocketAddress roomyAddr = bindLoopback(loop, arena, roomy);
            InetSocketAddress crampedAddr = bindLoopback(loop, arena, cramped);

            MemorySegment wide = RecvmsgView.template(arena, (int) SockaddrStorage.SIZE, 64);
            MemorySegment narrow = RecvmsgView.template(arena, 8, 8);
            Parser roomyParser = new Parser(buffers, new RecvmsgView(wide));
            Parser crampedParser = new Parser(buffers, new RecvmsgView(narrow));
            // TRUNC: the socket reports a cut datagram's full length.
            Multishot roomySub = multishots.recvmsg(roomy, false, wide, GROUP, MsgFlags.TRUNC, roomyParser);
            Multishot crampedSub = multishots.recvmsg(cramped, narrow, GROUP, crampedParser);
            ring.submit();

            int payloadRoom = (int) (BUFFER - IoUringRecvmsgOut.SIZE - SockaddrStorage.SIZE - 64);
            // The empty datagram goes last: the kernel ends a multishot recvmsg on a zero-byte payload.
            int[] sizes = {1, 100, payloadRoom, payloadRoom + 146, 0};
            Random random = new Random(42);
            byte[][] sent = new byte[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                sent[i] = new byte[sizes[i]];
                random.nextBytes(sent[i]);
                sender.send(new DatagramPacket(sent[i], sent[i].length, roomyAddr));
            }
            sender.send(new DatagramPacket(sent[1], sent[1].length, crampedAddr));
            loop.until(() -> roomyParser.got.size() == sizes.length && crampedParser.got.size() == 1, 5_000,
                    () -> "all datagrams: roomy " + roomyParser.got.size() + " " + roomyParser.ends + roomyParser.endRes
                            + ", cramped " + crampedParser.got.size() + " " + crampedParser.ends + crampedParser.endRes);

            InetSocketAddress from = (InetSocketAddress) sender.getLocalSocketAddress();
            byte[] loopback = {127, 0, 0, 1};
            for (int i = 0; i < sizes.length; i++) {
                Datagram d = roomyParser.got.get(i);
                assertEquals(from, d.from(), "source name of datagram " + i);
                assertFalse(d.nameTruncated());
                assertEquals(SockaddrIn.SIZE, d.nameOnWire(), "a sockaddr_in");
                assertArrayEquals(loopback, d.pktinfoAddr(), "IP_PKTINFO control message of datagram " + i);
                assertFalse(d.controlTruncated());
                assertEquals(sizes[i], d.onWire(), "full length of datagram " + i);
                boolean cut = sizes[i] > payloadRoom;
                assertEquals(cut, d.truncated(), "truncation of datagram " + i);
                assertArrayEquals(cut ? Arrays.copyOf(sent[i], payloadRoom) : sent[i], d.payload(),
                        "payload of datagram " + i);
                assertEquals(i < sizes.length - 1, roomyParser.results.get(i).more(), "F_MORE on datagram " + i);
            }
            roomyParser.assertEndedOnce(MultishotEnd.COMPLETED);
            assertEquals((int) (IoUringRecvmsgOut.SIZE + SockaddrStorage.SIZE + 64), (int) roomyParser.endRes.get(0), "header and rooms, no payload");
            assertFalse(roomySub.cancel(), "already stopped");

            Multishot again = roomySub.rearm();
            byte[] late = "after the re-arm".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            ring.submit();
            sender.send(new DatagramPacket(late, late.length, roomyAddr));
            loop.until(() -> roomyParser.got.size() == sizes.length + 1, 5_000, "the datagram after the re-arm");
            assertArrayEquals(late, roomyParser.got.get(sizes.length).payload());

            Datagram small = crampedParser.got.get(0);
            assertTrue(small.nameTruncated(), "an 8-byte room cannot hold a sockaddr_in");
            assertEquals(SockaddrIn.SIZE, small.nameOnWire());
            assertTrue(small.controlTruncated(), "an 8-byte control room cannot hold IP_PKTINFO");
            assertArrayEquals(sent[1], small.payload());
            assertEquals(sent[1].length, small.onWire());

            assertTrue(again.cancel());
            assertTrue(crampedSub.cancel());
            loop.until(() -> again.isRetired() && crampedSub.isRetired(), 5_000, "cancels");
            assertEquals(List.of(MultishotEnd.COMPLETED, MultishotEnd.CANCELLED), roomyParser.ends);
            crampedParser.assertEndedOnce(MultishotEnd.CANCELLED);
            assertEquals(0, multishots.pool().inUse());
            loop.close(roomy);
            loop.close(cramped);
        }
    }
}
