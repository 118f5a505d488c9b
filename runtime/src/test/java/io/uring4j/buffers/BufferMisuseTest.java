package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.Sqe;
import io.uring4j.kernel.flags.BufferLimits;
import io.uring4j.kernel.flags.CqeFlags;
import io.uring4j.testsupport.SocketPair;
import io.uring4j.testsupport.TestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import static io.uring4j.testsupport.BufferTestSupport.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * Every misuse of the provided-buffer classes is refused with a named exception before any system
 * call: afterwards the group id is still free (nothing was registered) and the ring still works.
 */
class BufferMisuseTest {
    private static final int GROUP = 12;

    private static void refused(Class<? extends RuntimeException> type, String mentions, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(mentions), "message names '" + mentions + "': " + e.getMessage());
    }

    /** The group is not registered: registering it now succeeds. */
    private static void groupStillFree(Ring ring) {
        BufferRing.register(ring, GROUP, 1, 8).close();
    }

    @Test
    void badOptionsAreRefusedBeforeRegistering() {
        try (Ring ring = Ring.open(8)) {
            refused(IllegalArgumentException.class, "groupId", () -> BufferRing.register(ring, -1, 4, 64));
            refused(IllegalArgumentException.class, "groupId",
                    () -> BufferRing.register(ring, BufferLimits.MAX_GROUP_ID + 1, 4, 64));
            refused(IllegalArgumentException.class, "power of two", () -> BufferRing.register(ring, GROUP, 3, 64));
            refused(IllegalArgumentException.class, "entries", () -> BufferRing.register(ring, GROUP, 0, 64));
            refused(IllegalArgumentException.class, "entries",
                    () -> BufferRing.register(ring, GROUP, BufferLimits.MAX_RING_ENTRIES * 2, 64));
            refused(IllegalArgumentException.class, "bufferSize", () -> BufferRing.register(ring, GROUP, 4, 0));
            refused(IllegalArgumentException.class, "bufferSize", () -> BufferRing.register(ring, GROUP, 4, -5));
            refused(IllegalArgumentException.class, "bufferCount",
                    () -> BufferRingOptions.builder(GROUP, 4, 64).bufferCount(0));
            refused(IllegalArgumentException.class, "bufferCount",
                    () -> BufferRingOptions.builder(GROUP, 4, 64).bufferCount(5).build());
            refused(IllegalArgumentException.class, "ring", () -> BufferRing.register(null, GROUP, 4, 64));
            refused(IllegalArgumentException.class, "options", () -> BufferRing.register(ring, null));
            groupStillFree(ring);
        }
    }

    @Test
    void aClosedRingIsRefused() {
        Ring ring = Ring.open(8);
        ring.close();
        refused(IllegalStateException.class, "closed", () -> BufferRing.register(ring, GROUP, 4, 64));
    }

    @Test
    void anotherThreadThanTheOwnerIsRefused() throws InterruptedException {
        try (Ring ring = Ring.open(8)) {
            Throwable t = TestSupport.thrownOnOtherThread(() -> BufferRing.register(ring, GROUP, 4, 64));
            assertInstanceOf(IllegalStateException.class, t);
            assertTrue(t.getMessage().contains("owner"), t.getMessage());
            groupStillFree(ring);
        }
    }

    @Test
    void unknownAndNotHeldBuffersAreRefused() {
        try (Ring ring = Ring.open(8); SocketPair pair = SocketPair.open();
                BufferRing buffers = BufferRing.register(ring, BufferRingOptions.builder(GROUP, 8, 32).bufferCount(6).build())) {
            refused(IllegalArgumentException.class, "bid", () -> buffers.recycle(-1));
            refused(IllegalArgumentException.class, "bid", () -> buffers.recycle(6));
            refused(IllegalArgumentException.class, "bid", () -> buffers.buffer(6));
            refused(IllegalArgumentException.class, "bid", () -> buffers.stage(100));
            refused(IllegalStateException.class, "not the application's", () -> buffers.recycle(0));
            assertEquals(6, buffers.available(), "nothing was added to the ring");

            refused(IllegalArgumentException.class, "no buffer", () -> buffers.consume(0, 10, CqeFlags.MORE));
            refused(IllegalArgumentException.class, "bid",
                    () -> buffers.consume(7, 10, CqeFlags.BUFFER | (7 << CqeFlags.BUFFER_SHIFT)));

            pair.send("hello");
            ring.nextSqe().recvBufferSelect(pair.local, GROUP);
            Cqe cqe = next(ring);
            int bid = cqe.bufferId();
            int res = cqe.res();
            int flags = cqe.flags();
            buffers.consume(cqe);
            ring.seen();
            refused(IllegalStateException.class, "already", () -> buffers.consume(bid, res, flags));
            buffers.recycle(bid);
            refused(IllegalStateException.class, "not the application's", () -> buffers.recycle(bid));
            refused(IllegalStateException.class, "bytes", () -> buffers.consume(1, 33, CqeFlags.BUFFER));
            assertEquals(6, buffers.available());
        }
    }

    @Test
    void useAfterCloseIsRefused() {
        try (Ring ring = Ring.open(8)) {
            BufferRing buffers = BufferRing.register(ring, GROUP, 4, 64);
            BundleCursor cursor = new BundleCursor(buffers);
            buffers.close();
            buffers.close();
            refused(IllegalStateException.class, "closed", () -> buffers.buffer(0));
            refused(IllegalStateException.class, "closed", () -> buffers.recycle(0));
            refused(IllegalStateException.class, "closed", () -> buffers.stage(0));
            refused(IllegalStateException.class, "closed", buffers::publish);
            refused(IllegalStateException.class, "closed", () -> buffers.consume(0, 1, CqeFlags.BUFFER));
            refused(IllegalStateException.class, "closed", buffers::head);
            refused(IllegalStateException.class, "closed", buffers::tail);
            refused(IllegalStateException.class, "closed", () -> cursor.open(0, 1, CqeFlags.BUFFER));
            groupStillFree(ring);
        }
    }

    @Test
    void closingAfterTheRingOnlyFreesMemory() {
        Ring ring = Ring.open(8);
        BufferRing buffers = BufferRing.register(ring, BufferRingOptions.builder(GROUP, 4, 64).kernelMapped().build());
        ring.close();
        buffers.close();
        assertTrue(buffers.isClosed());
        refused(IllegalStateException.class, "closed", () -> buffers.buffer(0));
    }

    @Test
    void aCursorWithoutABundleIsRefused() {
        try (Ring ring = Ring.open(8); BufferRing buffers = BufferRing.register(ring, GROUP, 4, 64)) {
            BundleCursor cursor = new BundleCursor(buffers);
            refused(IllegalStateException.class, "open", cursor::next);
            refused(IllegalStateException.class, "open", cursor::recycle);
            refused(IllegalArgumentException.class, "ring", () -> new BundleCursor(null));
            refused(IllegalArgumentException.class, "no buffer", () -> cursor.open(0, 10, 0));
            assertEquals(0, cursor.open(0, 0, 0), "no data, no buffer");
            refused(IllegalStateException.class, "no current buffer", cursor::bufferId);
            refused(IllegalStateException.class, "fit", () -> cursor.open(0, 5 * 64, CqeFlags.BUFFER));
            assertEquals(4, buffers.available());
        }
    }

    @Test
    void badTiersAreRefusedBeforeRegistering() {
        try (Ring ring = Ring.open(8)) {
            refused(IllegalArgumentException.class, "increase", () -> BufferTiers.register(ring, GROUP, 4, 512, 512));
            refused(IllegalArgumentException.class, "increase", () -> BufferTiers.register(ring, GROUP, 4, 4096, 512));
            refused(IllegalArgumentException.class, "bufferSizes", () -> BufferTiers.register(ring, GROUP, 4));
            refused(IllegalArgumentException.class, "groupId",
                    () -> BufferTiers.register(ring, BufferLimits.MAX_GROUP_ID, 4, 64, 128));
            refused(IllegalArgumentException.class, "group id", () -> BufferTiers.register(ring,
                    BufferRingOptions.of(GROUP, 4, 64), BufferRingOptions.of(GROUP, 4, 128)));
            groupStillFree(ring);
            BufferTiers tiers = BufferTiers.register(ring, GROUP, 4, 64, 128);
            refused(IllegalArgumentException.class, "expectedBytes", () -> tiers.forSize(-1));
            refused(IllegalArgumentException.class, "index", () -> tiers.tier(2));
            tiers.close();
            tiers.close();
            refused(IllegalStateException.class, "closed", () -> tiers.forSize(1));
            groupStillFree(ring);
        }
    }

    @Test
    void badLegacyGroupsAreRefused() {
        refused(IllegalArgumentException.class, "groupId", () -> LegacyBufferGroup.allocate(-1, 4, 64));
        refused(IllegalArgumentException.class, "groupId",
                () -> LegacyBufferGroup.allocate(BufferLimits.MAX_GROUP_ID + 1, 4, 64));
        refused(IllegalArgumentException.class, "count", () -> LegacyBufferGroup.allocate(GROUP, 0, 64));
        refused(IllegalArgumentException.class, "count",
                () -> LegacyBufferGroup.allocate(GROUP, BufferLimits.MAX_BIDS_PER_BGID + 1, 64));
        refused(IllegalArgumentException.class, "firstBid",
                () -> LegacyBufferGroup.allocate(GROUP, BufferLimits.MAX_BIDS_PER_BGID - 2, 4, 64));
        refused(IllegalArgumentException.class, "firstBid", () -> LegacyBufferGroup.allocate(GROUP, -1, 4, 64));
        refused(IllegalArgumentException.class, "bufferSize", () -> LegacyBufferGroup.allocate(GROUP, 4, 0));
        try (Ring ring = Ring.open(8)) {
            LegacyBufferGroup group = LegacyBufferGroup.allocate(GROUP, 10, 4, 64);
            Sqe sqe = ring.nextSqe(); // never submitted: the refused preps must not need it
            refused(IllegalArgumentException.class, "bid", () -> group.buffer(9));
            refused(IllegalArgumentException.class, "bid", () -> group.buffer(14));
            refused(IllegalArgumentException.class, "bid", () -> group.provide(sqe, 14));
            refused(IllegalArgumentException.class, "n", () -> group.remove(sqe, 0));
            group.close();
            group.close();
            refused(IllegalStateException.class, "closed", () -> group.provideAll(sqe));
            refused(IllegalStateException.class, "closed", () -> group.buffer(10));
        }
    }
}
