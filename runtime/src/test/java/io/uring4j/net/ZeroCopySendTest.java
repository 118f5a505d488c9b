package io.uring4j.net;

import io.uring4j.CompletionHandler;
import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.internal.LibcCalls;
import io.uring4j.kernel.flags.MsgFlags;
import io.uring4j.kernel.flags.NotifUsage;
import io.uring4j.kernel.flags.RecvSendFlags;
import io.uring4j.register.BufferTable;
import io.uring4j.testsupport.Loopback;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Zero-copy sends over a loopback TCP connection, followed through {@link ZeroCopyTracker}. */
class ZeroCopySendTest {
    private static final int MIB = 1 << 20;
    private static final long TAG = 77;

    /** What the tracker reported, one line per completion it accepted, plus the raw CQE facts. */
    private static final class EventLog implements CompletionHandler {
        final ZeroCopyTracker tracker;
        final List<String> lines = new ArrayList<>();
        int notifRes;
        int result;

        EventLog(ZeroCopyTracker tracker) {
            this.tracker = tracker;
        }

        @Override
        public void onCompletion(Cqe cqe) {
            boolean notif = cqe.isNotif();
            boolean more = cqe.isMore();
            int res = cqe.res();
            int events = tracker.onCompletion(cqe);
            if (notif) {
                notifRes = res;
                lines.add("notification " + ZeroCopyTracker.describe(events));
            } else {
                result = res;
                lines.add("result more=" + more + " " + ZeroCopyTracker.describe(events));
            }
            assertEquals(TAG, tracker.lastTag(), "the tag given to begin() comes back");
        }

        /** Reaps (each wait bounded) until the tracker has released {@code token}. */
        void pumpUntilReleased(Ring ring, long token) {
            while (tracker.isPending(token)) {
                Loopback.await(ring);
                ring.drain(this);
            }
        }
    }

    @Test
    void sendZcOfOneMebibyteReleasesTheBufferOnlyOnTheNotification() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(16); Loopback peer = new Loopback()) {
            Future<byte[]> received = peer.receive(MIB);
            int fd = peer.connect(ring, arena);
            try {
                MemorySegment buf = arena.allocate(MIB, 4096);
                Loopback.fillPattern(buf, 3);
                ZeroCopyTracker zc = new ZeroCopyTracker(4);
                EventLog log = new EventLog(zc);
                long token = zc.begin(TAG);
                ring.nextSqe().sendZc(fd, buf, MsgFlags.WAITALL, RecvSendFlags.SEND_ZC_REPORT_USAGE, null).userData(token);
                ring.submit();
                assertTrue(zc.isPending(token), "in flight after submit");

                log.pumpUntilReleased(ring, token);

                assertEquals(List.of("result more=true RESULT", "notification NOTIFICATION|RELEASED"), log.lines,
                        "the result (F_MORE) first, then the notification, which alone releases the buffer");
                assertEquals(MIB, log.result, "MSG_WAITALL: the whole mebibyte in one result");
                assertEquals(MIB, zc.lastResult(), "the release reports the bytes of the result");
                assertEquals(0, zc.inFlight());
                assertFalse(zc.isPending(token), "released: the token is stale");
                byte[] got = received.get(Loopback.WAIT_NANOS, TimeUnit.NANOSECONDS);
                assertArrayEquals(buf.toArray(ValueLayout.JAVA_BYTE), got, "the peer read exactly what was sent");
            } finally {
                LibcCalls.close(fd);
            }
        }
    }

    @Test
    void loopbackReportsThatTheKernelCopied() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(16); Loopback peer = new Loopback()) {
            int size = 64 * 1024;
            Future<byte[]> received = peer.receive(size);
            int fd = peer.connect(ring, arena);
            try {
                MemorySegment buf = arena.allocate(size, 4096);
                Loopback.fillPattern(buf, 5);
                ZeroCopyTracker zc = new ZeroCopyTracker(4);
                EventLog log = new EventLog(zc);
                long token = zc.begin(TAG);
                ring.nextSqe().sendZc(fd, buf, MsgFlags.WAITALL, RecvSendFlags.SEND_ZC_REPORT_USAGE, null).userData(token);
                ring.submit();
                log.pumpUntilReleased(ring, token);

                // Loopback hands the pages to a local receiver, which cannot keep user pages: the
                // kernel copies them and says so in the notification.
                assertEquals(NotifUsage.ZC_COPIED, log.notifRes, "notification res: " + NotifUsage.describe(log.notifRes));
                assertTrue(zc.lastCopied(), "the tracker surfaces ZC_COPIED");
                assertEquals(log.notifRes, zc.lastUsage());
                assertArrayEquals(buf.toArray(ValueLayout.JAVA_BYTE), received.get(Loopback.WAIT_NANOS, TimeUnit.NANOSECONDS));
            } finally {
                LibcCalls.close(fd);
            }
        }
    }

    @Test
    void withoutReportUsageTheNotificationCarriesNoUsage() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(16); Loopback peer = new Loopback()) {
            int size = 4096;
            Future<byte[]> received = peer.receive(size);
            int fd = peer.connect(ring, arena);
            try {
                MemorySegment buf = arena.allocate(size, 4096);
                Loopback.fillPattern(buf, 9);
                ZeroCopyTracker zc = new ZeroCopyTracker(4);
                EventLog log = new EventLog(zc);
                long token = zc.begin(TAG);
                ring.nextSqe().sendZc(fd, buf).userData(token);
                ring.submit();
                log.pumpUntilReleased(ring, token);
                assertEquals(0, log.notifRes, "no SEND_ZC_REPORT_USAGE: the notification's res is 0");
                assertFalse(zc.lastCopied());
                assertArrayEquals(buf.toArray(ValueLayout.JAVA_BYTE), received.get(Loopback.WAIT_NANOS, TimeUnit.NANOSECONDS));
            } finally {
                LibcCalls.close(fd);
            }
        }
    }

    @Test
    void sendmsgZcGathersSeveralBuffers() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(16); Loopback peer = new Loopback()) {
            MemorySegment a = arena.allocate(300_000, 4096);
            MemorySegment b = arena.allocate(1, 1);
            MemorySegment c = arena.allocate(MIB - 300_001, 4096);
            Loopback.fillPattern(a, 1);
            Loopback.fillPattern(b, 2);
            Loopback.fillPattern(c, 3);
            MessageHeader msg = MessageHeader.allocate(arena, 4);
            msg.clear().add(a).add(b).add(c);
            assertEquals(MIB, msg.byteCount());
            assertEquals(3, msg.iovecCount());
            Future<byte[]> received = peer.receive(MIB);
            int fd = peer.connect(ring, arena);
            try {
                ZeroCopyTracker zc = new ZeroCopyTracker(4);
                EventLog log = new EventLog(zc);
                long token = zc.begin(TAG);
                ring.nextSqe().sendmsgZc(fd, msg, MsgFlags.WAITALL, RecvSendFlags.SEND_ZC_REPORT_USAGE)
                        .userData(token);
                ring.submit();
                log.pumpUntilReleased(ring, token);

                assertEquals(List.of("result more=true RESULT", "notification NOTIFICATION|RELEASED"), log.lines);
                assertEquals(MIB, log.result);
                byte[] expected = concat(a, b, c);
                assertArrayEquals(expected, received.get(Loopback.WAIT_NANOS, TimeUnit.NANOSECONDS),
                        "the peer got the three buffers in order");
            } finally {
                LibcCalls.close(fd);
            }
        }
    }

    @Test
    void sendZcFixedSendsFromARegisteredBuffer() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(16); Loopback peer = new Loopback()) {
            BufferTable table = BufferTable.register(ring, 1, 2 * MIB);
            MemorySegment registered = table.buffer(0);
            Loopback.fillPattern(registered, 11);
            MemorySegment part = registered.asSlice(12_345, MIB); // any range inside the registered buffer
            Future<byte[]> received = peer.receive(MIB);
            int fd = peer.connect(ring, arena);
            try {
                ZeroCopyTracker zc = new ZeroCopyTracker(4);
                EventLog log = new EventLog(zc);
                long token = zc.begin(TAG);
                ring.nextSqe().sendZcFixed(fd, part, 0, MsgFlags.WAITALL, RecvSendFlags.SEND_ZC_REPORT_USAGE, null)
                        .userData(token);
                ring.submit();
                log.pumpUntilReleased(ring, token);

                assertEquals(List.of("result more=true RESULT", "notification NOTIFICATION|RELEASED"), log.lines);
                assertEquals(MIB, log.result);
                assertArrayEquals(part.toArray(ValueLayout.JAVA_BYTE), received.get(Loopback.WAIT_NANOS, TimeUnit.NANOSECONDS));
            } finally {
                LibcCalls.close(fd);
                table.close();
            }
        }
    }

    @Test
    void sendmsgZcFixedGathersFromARegisteredBuffer() throws Exception {
        try (Arena arena = Arena.ofShared(); Ring ring = Ring.open(16); Loopback peer = new Loopback()) {
            BufferTable table = BufferTable.register(ring, 1, MIB);
            MemorySegment registered = table.buffer(0);
            Loopback.fillPattern(registered, 13);
            MemorySegment tail = registered.asSlice(MIB / 2, MIB / 2);
            MemorySegment head = registered.asSlice(0, MIB / 2);
            MessageHeader msg = MessageHeader.allocate(arena, 2).add(tail).add(head); // out of order on purpose
            Future<byte[]> received = peer.receive(MIB);
            int fd = peer.connect(ring, arena);
            try {
                ZeroCopyTracker zc = new ZeroCopyTracker(4);
                EventLog log = new EventLog(zc);
                long token = zc.begin(TAG);
                ring.nextSqe().sendmsgZcFixed(fd, msg, 0, MsgFlags.WAITALL, 0).userData(token);
                ring.submit();
                log.pumpUntilReleased(ring, token);

                assertEquals(List.of("result more=true RESULT", "notification NOTIFICATION|RELEASED"), log.lines);
                assertEquals(MIB, log.result);
                assertArrayEquals(concat(tail, head), received.get(Loopback.WAIT_NANOS, TimeUnit.NANOSECONDS));
            } finally {
                LibcCalls.close(fd);
                table.close();
            }
        }
    }

    private static byte[] concat(MemorySegment... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (MemorySegment p : parts) {
            out.writeBytes(p.toArray(ValueLayout.JAVA_BYTE));
        }
        return out.toByteArray();
    }
}
