package io.uring4j.buffers;

import io.uring4j.Cqe;
import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.testsupport.SocketPair;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.BufferTestSupport.message;
import static io.uring4j.testsupport.BufferTestSupport.next;
import static io.uring4j.testsupport.BufferTestSupport.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


/** Buffer rings of several sizes, each its own group, picked by expected size. */
class BufferTiersTest {
    @Test
    void forSizePicksTheSmallestTierThatFits() {
        try (Ring ring = Ring.open(8); BufferTiers tiers = BufferTiers.register(ring, 20, 8, 512, 4096, 65536)) {
            assertEquals(3, tiers.count());
            assertEquals(512, tiers.forSize(0).bufferSize());
            assertEquals(512, tiers.forSize(512).bufferSize());
            assertEquals(4096, tiers.forSize(513).bufferSize());
            assertEquals(65536, tiers.forSize(4097).bufferSize());
            assertEquals(65536, tiers.forSize(1 << 20).bufferSize(), "too large for all: the largest tier");
            assertEquals(21, tiers.groupIdFor(1500));
            for (int i = 0; i < 3; i++) {
                assertEquals(20 + i, tiers.tier(i).groupId());
                assertSame(tiers.tier(i), tiers.byGroupId(20 + i));
                assertEquals(8, tiers.tier(i).available(), "tier " + i + " is registered and filled");
            }
            assertThrows(IllegalArgumentException.class, () -> tiers.byGroupId(23));
        }
    }

    @Test
    void receivesTakeBuffersFromTheTierTheyName() {
        try (Ring ring = Ring.open(8); SocketPair pair = SocketPair.open();
                BufferTiers tiers = BufferTiers.register(ring, 30, 4, 512, 4096, 65536)) {
            for (int size : new int[] {300, 3000, 30000, 100}) {
                String msg = message(size, size);
                pair.send(msg);
                BufferRing tier = tiers.forSize(size);
                ring.nextSqe().recvBufferSelect(pair.local, tier.groupId()).userData(tier.groupId());
                Cqe cqe = next(ring);
                assertEquals(size, cqe.res(), "a buffer of " + tier.bufferSize() + " holds " + size + " bytes");
                BufferRing from = tiers.byGroupId((int) cqe.userData());
                assertSame(tier, from);
                int bid = cqe.bufferId();
                assertEquals(msg, text(from.buffer(bid), from.consume(cqe), size));
                ring.seen();
                from.recycle(bid);
            }
            assertEquals(2, tiers.tier(0).head(), "two receives from the 512-byte tier");
            assertEquals(1, tiers.tier(1).head());
            assertEquals(1, tiers.tier(2).head());
        }
    }

    @Test
    void aTierTheKernelRefusesUndoesTheOthers() {
        try (Ring ring = Ring.open(8); BufferRing taken = BufferRing.register(ring, 42, 2, 64)) {
            UringException e = assertThrows(UringException.class, () -> BufferTiers.register(ring, 40, 4, 64, 128, 256));
            assertEquals(Errno.EEXIST, e.errno(), "group 42 is taken");
            try (BufferTiers again = BufferTiers.register(ring, 40, 4, 64, 128)) {
                assertEquals(4, again.tier(1).available(), "groups 40 and 41 were released");
            }
            assertTrue(taken.available() == 2);
        }
    }
}
