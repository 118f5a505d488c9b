package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.buffers.BufferRing;
import io.uring4j.buffers.LegacyBufferGroup;
import io.uring4j.register.BufferTable;
import io.uring4j.register.FileTable;
import io.uring4j.testsupport.Libc;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.ProcessResources;
import io.uring4j.testsupport.SocketPair;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Rings with requests in flight and every kind of resource registered (BufferRing,
 * LegacyBufferGroup, BufferTable, FileTable), closed in every order: nothing may stay behind —
 * not an fd, not a ring mapping, not the native memory of a resource.
 */
class RingLeakTest {
    /** Never freed: the reads a closed ring leaves in flight point here. */
    private static final MemorySegment PARKED = Arena.global().allocate(64);
    private static final int BUFFER_GROUP = 1;
    private static final int LEGACY_GROUP = 2;
    /**
     * Allowed growth of malloc'd bytes over the whole run. Each resource of a ring holds at least
     * 64 KiB of native memory (see {@link Rig}), so leaking any one of them over 1,000 rings
     * would grow it by 64 MiB or more; the JVM's own malloc use (compiler arenas, symbol
     * tables) moved by under 4 MiB between runs of this test with no ring leaking, so 16 MiB
     * separates the two with room on both sides.
     */
    private static final long MALLOC_TOLERANCE = 16L << 20;

    /** How the rig is closed. */
    private enum Order {
        RING_ONLY, RING_THEN_RESOURCES, RESOURCES_THEN_RING, RESOURCES_REVERSED_THEN_RING, ONE_RESOURCE_RING_REST,
        RING_FROM_ANOTHER_THREAD
    }

    @Test
    void ringsClosedInEveryOrderLeaveNothingBehind() throws Exception {
        int rings = ProcessResources.stress() ? 10_000 : 1_200;
        Order[] orders = Order.values();
        for (int i = 0; i < 60; i++) { // warm-up: classes, compiled code and malloc pools settle
            runOne(orders[i % orders.length]);
        }
        System.gc();
        long fds = ProcessResources.fds();
        long maps = ProcessResources.ringMappings();
        long malloc = ProcessResources.mallocBytes();
        long rss = ProcessResources.statusKb("VmRSS");
        long start = System.nanoTime();
        for (int i = 0; i < rings; i++) {
            runOne(orders[i % orders.length]);
        }
        long elapsed = System.nanoTime() - start;
        System.gc();
        long fdsAfter = ProcessResources.fds();
        long mapsAfter = ProcessResources.ringMappings();
        long mallocAfter = ProcessResources.mallocBytes();
        long rssAfter = ProcessResources.statusKb("VmRSS");
        System.out.printf("%d rings in %d orders, %.1f s: fds %d -> %d, io_uring maps %d -> %d, malloc %+.1f MiB,"
                + " VmRSS %+d MiB%n", rings, orders.length, elapsed / 1e9, fds, fdsAfter, maps, mapsAfter,
                (mallocAfter - malloc) / 1048576.0, (rssAfter - rss) / 1024);
        assertEquals(fds, fdsAfter, "fds leaked");
        assertEquals(maps, mapsAfter, "io_uring mappings leaked");
        assertTrue(mallocAfter - malloc < MALLOC_TOLERANCE, "native memory grew by " + (mallocAfter - malloc) / 1024
                + " KiB over " + rings + " rings");
    }

    @Test
    void closingOnlyTheRingFreesABufferRing() {
        // The case: ~265 KB per ring stayed when only the ring was closed.
        for (int i = 0; i < 50; i++) {
            closeRingOnly();
        }
        long malloc = ProcessResources.mallocBytes();
        for (int i = 0; i < 400; i++) {
            closeRingOnly();
        }
        long grown = ProcessResources.mallocBytes() - malloc;
        // A leak would be 100 MiB; the JVM's own malloc (JIT, other tests' threads in this fork)
        // moved by up to ~10 MiB in full runs, so the bound sits between the two.
        assertTrue(grown < 24L << 20, "400 buffer rings of 256 KiB left " + grown / 1024 + " KiB behind");
    }

    private static void closeRingOnly() {
        Ring ring = Ring.open(4);
        BufferRing buffers = BufferRing.register(ring, BUFFER_GROUP, 64, 4096);
        ring.close();
        assertTrue(buffers.isClosed(), "closing the ring closed its buffer ring");
        buffers.close(); // idempotent
    }

    private static void runOne(Order order) throws InterruptedException {
        Rig rig = new Rig();
        switch (order) {
            case RING_ONLY -> rig.ring.close();
            case RING_THEN_RESOURCES -> {
                rig.ring.close();
                rig.closeResources(false);
            }
            case RESOURCES_THEN_RING -> {
                rig.closeResources(false);
                rig.ring.close();
            }
            case RESOURCES_REVERSED_THEN_RING -> {
                rig.closeResources(true);
                rig.ring.close();
            }
            case ONE_RESOURCE_RING_REST -> {
                rig.table.close();
                rig.ring.close();
                rig.closeResources(true);
            }
            case RING_FROM_ANOTHER_THREAD -> {
                // The owner waits in the ring, as an event loop does; the other thread's close hands
                // the cancel to it (see OwnerHandoff), so everything is released when close returns.
                Thread closer = Thread.ofPlatform().start(() -> {
                    LockSupport.parkNanos(2_000_000L);
                    rig.ring.close();
                });
                try {
                    rig.ring.waitFor(1);
                    throw new AssertionError("waitFor returned on a ring closed by another thread");
                } catch (RingClosedException expected) {
                    // the owner's part of the close is done
                }
                closer.join();
                rig.closeResources(false); // after the ring: each is already closed, must not throw
            }
        }
        assertTrue(rig.ring.isClosed() && rig.bufferRing.isClosed() && rig.legacy.isClosed() && rig.table.isClosed()
                && rig.files.isClosed(), order + ": every resource is closed");
        rig.closeFds();
    }

    /** One ring with a resource of each kind and requests in flight. */
    private static final class Rig {
        final Ring ring = Ring.open(8);
        final int[] pipe = NativeFds.pipe();
        final SocketPair sockets = SocketPair.open();
        final BufferRing bufferRing = BufferRing.register(ring, BUFFER_GROUP, 16, 4096);
        final BufferTable table = BufferTable.register(ring, 4, 16384);
        final FileTable files = FileTable.register(ring, pipe[0], pipe[1]);
        final LegacyBufferGroup legacy = LegacyBufferGroup.allocate(LEGACY_GROUP, 32, 2048);

        Rig() {
            legacy.provideAll(ring.nextSqe()).userData(1);
            ring.submitAndCheck(lastSqe(), "provide the legacy group");
            ring.nextSqe().read(pipe[0], PARKED, 0).userData(2);              // in flight: the pipe stays empty
            ring.nextSqe().recvBufferSelect(sockets.local, BUFFER_GROUP).userData(3); // in flight: no data comes
            ring.submit();
        }

        private Sqe lastSqe() {
            return ring.sq.sqe;
        }

        void closeResources(boolean reversed) {
            List<AutoCloseable> all = new ArrayList<>(List.of(bufferRing, table, files));
            if (!ring.isClosed()) {
                // A legacy group is closed after its buffers came back (see its class description).
                legacy.removeAll(ring.nextSqe()).userData(4);
                ring.submitAndCheck(lastSqe(), "remove the legacy group");
            }
            all.add(legacy);
            if (reversed) {
                all = all.reversed();
            }
            for (AutoCloseable c : all) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new AssertionError(c + " failed to close", e);
                }
            }
        }

        void closeFds() {
            Libc.close(pipe[0]);
            Libc.close(pipe[1]);
            sockets.close();
        }
    }
}
