package io.uring4j;

import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.FeatureFlags;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.testsupport.TestSupport;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import static io.uring4j.testsupport.TestSupport.nopRoundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;


class RingSetupTest {
    @Test
    void defaultsAreSingleIssuerDeferredNoSqArray() {
        try (Ring ring = Ring.open(RingOptions.builder().build())) {
            assertEquals(RingOptions.DEFAULT_FLAGS, ring.setupFlags());
            assertEquals(RingOptions.DEFAULT_ENTRIES, ring.sqEntries());
            assertEquals(2 * RingOptions.DEFAULT_ENTRIES, ring.cqEntries());
            assertSame(Thread.currentThread(), ring.owner());
            assertTrue(ring.hasFeature(FeatureFlags.SINGLE_MMAP | FeatureFlags.NODROP | FeatureFlags.EXT_ARG));
            assertTrue(ring.describeFeatures().contains("SINGLE_MMAP"), ring.describeFeatures());
            assertFalse(ring.describeFeatures().contains("0x"), "every feature bit has a name: " + ring.describeFeatures());
            assertTrue(ring.fd() >= 0);
            assertEquals(-1, ring.registeredIndex());
            nopRoundTrip(ring, 1);
        }
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("defaults", (UnaryOperator<RingOptions.Builder>) b -> b),
                Arguments.of("bare (no flags)", (UnaryOperator<RingOptions.Builder>) b -> b.flags(0)),
                Arguments.of("multi-issuer", (UnaryOperator<RingOptions.Builder>) RingOptions.Builder::multiIssuer),
                Arguments.of("SQ array", (UnaryOperator<RingOptions.Builder>) b -> b.removeFlags(SetupFlags.NO_SQARRAY)),
                Arguments.of("no SUBMIT_ALL", (UnaryOperator<RingOptions.Builder>) b -> b.submitAll(false)),
                Arguments.of("CQSIZE", (UnaryOperator<RingOptions.Builder>) b -> b.entries(8).cqEntries(64)),
                Arguments.of("CLAMP", (UnaryOperator<RingOptions.Builder>) b -> b.clamp().entries(1 << 20)),
                Arguments.of("SQE128", (UnaryOperator<RingOptions.Builder>) RingOptions.Builder::sqe128),
                Arguments.of("CQE32", (UnaryOperator<RingOptions.Builder>) RingOptions.Builder::cqe32),
                Arguments.of("SQE128|CQE32", (UnaryOperator<RingOptions.Builder>) b -> b.sqe128().cqe32()),
                Arguments.of("CQE_MIXED", (UnaryOperator<RingOptions.Builder>) RingOptions.Builder::cqeMixed),
                Arguments.of("SQPOLL", (UnaryOperator<RingOptions.Builder>) b -> b.sqPoll(50)),
                Arguments.of("SQPOLL|SQ_AFF", (UnaryOperator<RingOptions.Builder>) b -> b.sqPoll(50).sqPollCpu(0)),
                Arguments.of("SQPOLL multi-issuer", (UnaryOperator<RingOptions.Builder>) b -> b.multiIssuer().sqPoll(0)),
                Arguments.of("registered ring fd", (UnaryOperator<RingOptions.Builder>) RingOptions.Builder::registerRingFd),
                Arguments.of("COOP_TASKRUN only", (UnaryOperator<RingOptions.Builder>) b -> b.flags(SetupFlags.COOP_TASKRUN)),
                Arguments.of("SINGLE_ISSUER only", (UnaryOperator<RingOptions.Builder>) b -> b.flags(SetupFlags.SINGLE_ISSUER)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptedCombinationRunsANop(String name, UnaryOperator<RingOptions.Builder> configure) {
        RingOptions options = configure.apply(RingOptions.builder()).build();
        try (Ring ring = Ring.open(options)) {
            int expected = options.flags() | (options.cqEntries() != 0 ? SetupFlags.CQSIZE : 0);
            assertEquals(SetupFlags.describe(expected), SetupFlags.describe(ring.setupFlags()));
            if (options.cqEntries() != 0) {
                assertEquals(options.cqEntries(), ring.cqEntries());
            }
            if (options.registerRingFd()) {
                assertTrue(ring.registeredIndex() >= 0, "the ring fd got a registered slot");
            }
            if ((options.flags() & SetupFlags.CLAMP) != 0) {
                assertTrue(ring.sqEntries() < options.entries(), "CLAMP lowered the entries to the kernel's limit");
            }
            if (options.singleIssuer()) {
                nopRoundTrip(ring, 7);
            } else {
                ring.submitLock().lock();
                try {
                    nopRoundTrip(ring, 7);
                } finally {
                    ring.submitLock().unlock();
                }
            }
        }
    }

    @Test
    void ioPollRingsOpen() {
        // NOP cannot be polled, so only setup is checked: the kernel must accept both flags.
        try (Ring ring = Ring.open(RingOptions.builder().ioPoll().build())) {
            assertEquals(SetupFlags.IOPOLL, ring.setupFlags() & SetupFlags.IOPOLL);
        }
        try (Ring ring = Ring.open(RingOptions.builder().hybridIoPoll().build())) {
            assertEquals(SetupFlags.IOPOLL | SetupFlags.HYBRID_IOPOLL,
                    ring.setupFlags() & (SetupFlags.IOPOLL | SetupFlags.HYBRID_IOPOLL));
        }
    }

    @Test
    void kernelRejectionNamesTheFlag() {
        int unknown = 1 << 30; // no kernel defines this setup bit
        RingOptions options = RingOptions.builder().addFlags(unknown).build();
        UringException e = assertThrows(UringException.class, () -> Ring.open(options));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals("io_uring_setup", e.operation());
        assertTrue(e.getMessage().contains("refuses setup flag " + SetupFlags.describe(unknown)), e.getMessage());
        assertTrue(e.getMessage().contains(KernelVersion.current().release()), e.getMessage());
    }

    @Test
    void disabledRingSubmitsOnlyAfterEnable() {
        try (Ring ring = Ring.open(RingOptions.builder().disabled().build())) {
            ring.nextSqe().nop().userData(3);
            IllegalStateException e = assertThrows(IllegalStateException.class, ring::submit);
            assertTrue(e.getMessage().contains("enable()"), e.getMessage());
            ring.enable();
            assertEquals(1, ring.submitAndWait(1));
            assertEquals(3, ring.peek().userData());
            ring.seen();
            assertThrows(IllegalStateException.class, ring::enable);
        }
    }

    @Test
    void attachWqSharesAnOpenRing() {
        try (Ring first = Ring.open(8); Ring second = Ring.open(RingOptions.builder().entries(8).attachWq(first).build())) {
            assertTrue((second.setupFlags() & SetupFlags.ATTACH_WQ) != 0);
            nopRoundTrip(second, 9);
        }
        Ring closed = Ring.open(8);
        closed.close();
        RingOptions options = RingOptions.builder().attachWq(closed).build();
        assertThrows(IllegalStateException.class, () -> Ring.open(options));
    }

    @Test
    void sqPollWakesASleepingPoller() throws InterruptedException {
        try (Ring ring = Ring.open(RingOptions.builder().entries(4).sqPoll(1).build())) {
            nopRoundTrip(ring, 1);
            Thread.sleep(100); // far past the 1 ms idle time: the poller sleeps and needs a wakeup
            ring.nextSqe().nop().userData(2);
            assertEquals(1, ring.submit());
            assertEquals(1, ring.waitFor(1, 2_000_000_000L), "the woken poller submitted the NOP");
            assertEquals(2, ring.peek().userData());
            ring.seen();
        }
    }

    @Test
    void closeIsIdempotent() {
        Ring ring = Ring.open(8);
        ring.close();
        assertTrue(ring.isClosed());
        ring.close();
        assertTrue(ring.isClosed());
    }

    @Test
    void twoHundredRingsLeaveNoFdBehind() {
        long before = TestSupport.openFds();
        for (int i = 0; i < 200; i++) {
            Ring ring = Ring.open(RingOptions.builder().entries(16).registerRingFd().build());
            if (i % 50 == 0) {
                nopRoundTrip(ring, i);
            }
            ring.close();
        }
        assertEquals(before, TestSupport.openFds());
    }

    @Test
    void probeKnowsNopAndNotAnUnusedValue() {
        Probe probe = Probe.kernel();
        assertTrue(probe.supports(io.uring4j.kernel.Opcode.NOP));
        assertTrue(probe.lastOp() >= io.uring4j.kernel.Opcode.WRITE.value());
        assertFalse(probe.supports(255));
        assertFalse(probe.supports(-1));
        assertTrue(probe.supportedCount() > 40, probe.toString());
    }

    @Test
    void probeAgreesWithTheSpecSinceVersions() {
        KernelVersion kernel = KernelVersion.current();
        Probe probe = Probe.kernel();
        for (io.uring4j.kernel.Opcode op : io.uring4j.kernel.Opcode.values()) {
            if (kernel.atLeast(op.since())) {
                assertTrue(probe.supports(op), op + " is since " + op.since() + " but kernel " + kernel + " lacks it");
            } else {
                assertFalse(probe.supports(op), op + " is since " + op.since() + " yet kernel " + kernel + " has it");
            }
        }
    }
}
