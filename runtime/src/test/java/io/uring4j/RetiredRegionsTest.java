package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.internal.RetiredRegions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A closed ring's addresses: the kernel's mappings go at once, a placeholder of zero pages holds
 * the addresses for the grace (so an access that slipped past the arena's close, the JDK gap of
 * docs/jdk-shared-arena-close-race.md, cannot fault or reach memory mapped there later), then the
 * placeholder goes too.
 */
class RetiredRegionsTest {

    @Test
    void aClosedRingsAddressesHoldZeroPagesForTheGraceThenAreFreed() throws Exception {
        List<long[]> before = ringRegions();
        Ring ring = Ring.open(8);
        List<long[]> mine = new ArrayList<>(ringRegions());
        mine.removeIf(r -> before.stream().anyMatch(b -> b[0] == r[0]));
        assertFalse(mine.isEmpty(), "the ring's regions appear in /proc/self/maps");
        ring.nextSqe().nop().userData(42);
        ring.submit(); // the kernel's pages now hold an SQE, a tail and a CQE

        Thread closer = Thread.ofPlatform().start(ring::close);
        closer.join();

        for (long[] r : mine) {
            assertFalse(ringRegions().stream().anyMatch(m -> m[0] < r[1] && r[0] < m[1]),
                    "the kernel's mapping at " + Long.toHexString(r[0]) + " is gone at close");
            assertTrue(mapped(r[0]), "a placeholder holds " + Long.toHexString(r[0]));
            // What a late access would meet: private zero pages, not the ring's and without a fault.
            MemorySegment late = MemorySegment.ofAddress(r[0]).reinterpret(r[1] - r[0]);
            for (long off = 0; off < late.byteSize(); off += Long.BYTES) {
                assertEquals(0L, late.get(ValueLayout.JAVA_LONG, off), "placeholder byte " + off);
            }
            late.set(ValueLayout.JAVA_LONG, 0, -1L);
            assertEquals(-1L, late.get(ValueLayout.JAVA_LONG, 0));
        }

        long deadline = System.nanoTime() + (RetiredRegions.GRACE_MILLIS + 5_000) * 1_000_000L;
        for (long[] r : mine) {
            while (mapped(r[0]) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertFalse(mapped(r[0]), "the placeholder at " + Long.toHexString(r[0]) + " is unmapped after the grace");
        }
    }

    /** Placeholders are kernel VMAs, which a process has a limited number of: the oldest go early. */
    @Test
    void placeholdersAreCappedSoManyClosesCannotExhaustTheMapCount() {
        int regionsPerRing = 0;
        while (RetiredRegions.pending() < RetiredRegions.MAX_PENDING) {
            int pending = RetiredRegions.pending();
            Ring.open(2).close();
            regionsPerRing = Math.max(regionsPerRing, RetiredRegions.pending() - pending);
        }
        assertTrue(regionsPerRing >= 2, "each close retires the ring's regions, saw " + regionsPerRing);
        long maps = mapCount();
        for (int i = 0; i < 500; i++) {
            Ring.open(2).close();
            assertTrue(RetiredRegions.pending() <= RetiredRegions.MAX_PENDING, "pending " + RetiredRegions.pending());
        }
        assertTrue(mapCount() < maps + 100, "500 more closes left the map count at " + mapCount() + " from " + maps);
    }

    /** {@return [start, end) of every io_uring mapping of this process} */
    private static List<long[]> ringRegions() {
        List<long[]> regions = new ArrayList<>();
        for (String line : maps()) {
            if (line.contains("io_uring")) {
                regions.add(range(line));
            }
        }
        return regions;
    }

    private static boolean mapped(long address) {
        return maps().stream().map(RetiredRegionsTest::range).anyMatch(r -> r[0] <= address && address < r[1]);
    }

    private static long mapCount() {
        return maps().size();
    }

    private static long[] range(String line) {
        String[] bounds = line.substring(0, line.indexOf(' ')).split("-");
        return new long[] {Long.parseUnsignedLong(bounds[0], 16), Long.parseUnsignedLong(bounds[1], 16)};
    }

    private static List<String> maps() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
