package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.SetupFlags;
import io.uring4j.kernel.flags.SqeFlags;
import org.junit.jupiter.api.Test;

/** IORING_REGISTER_QUERY on the running kernel, checked against the probe and the ring's own features. */
class QueryTest {

    @Test
    void theQueryAgreesWithTheProbeAndTheRing() {
        KernelVersion k = KernelVersion.current();
        assumeTrue(k.atLeast("6.18"), "IORING_REGISTER_QUERY needs Linux 6.18; the running kernel is " + k.release());
        try (Ring ring = Ring.open(8)) {
            Query q = Query.read(ring);
            Probe p = ring.probe();
            assertTrue(q.fromQuery(), "6.18 answers the query");
            assertEquals(p.lastOp() + 1, q.requestOpcodes(), "opcode count = the probe's last op + 1");
            assertTrue(q.registerOpcodes() > io.uring4j.kernel.flags.RegisterOp.REGISTER_QUERY,
                    "REGISTER_QUERY itself is below the register opcode count: " + q.registerOpcodes());
            assertEquals(Integer.toUnsignedLong(ring.features()), q.featureFlags() & 0xFFFF_FFFFL,
                    "the features the ring was set up with");
            assertTrue(q.acceptsSetup(SetupFlags.SINGLE_ISSUER | SetupFlags.DEFER_TASKRUN));
            assertTrue(q.acceptsSetup(SetupFlags.CQE_MIXED), "6.18 accepts CQE_MIXED");
            assertTrue(q.acceptsSqeFlags(SqeFlags.CQE_SKIP_SUCCESS));
            assertTrue(q.knows(Opcode.READ));
            assertEquals(k.atLeast("6.19"), q.acceptsSetup(SetupFlags.SQE_MIXED), "SQE_MIXED arrived in 6.19");
        }
    }

    @Test
    void aKernelQueryNeedsNoRingOfTheCaller() {
        Query q = Query.kernel();
        assertTrue(q.requestOpcodes() > Opcode.NOP.value());
        assertFalse(q.fromQuery() && q.setupFlags() == 0, "a kernel that answers names its setup flags");
    }

    @Test
    void withoutTheQueryTheProbeAnswersAndFlagMasksAreUnknown() {
        try (Ring ring = Ring.open(8)) {
            Query q = Query.fromProbe(ring);
            assertFalse(q.fromQuery());
            assertEquals(ring.probe().lastOp() + 1, q.requestOpcodes());
            assertEquals(Integer.toUnsignedLong(ring.features()), q.featureFlags());
            assertFalse(q.acceptsSetup(SetupFlags.SINGLE_ISSUER), "unknown is not accepted");
            assertFalse(q.acceptsSqeFlags(0), "unknown, even for no flags");
        }
    }
}
