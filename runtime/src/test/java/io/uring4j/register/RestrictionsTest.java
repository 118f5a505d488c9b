package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.testsupport.NativeFds;
import io.uring4j.testsupport.SingleCompletion;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import static io.uring4j.testsupport.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;


class RestrictionsTest {
    private static Ring disabledRing() {
        return Ring.open(RingOptions.builder().entries(8).disabled().build());
    }

    @Test
    void onlyAllowedOpcodesRunAfterEnable() {
        int[] pipe = NativeFds.pipe();
        try (Ring ring = disabledRing(); Arena arena = Arena.ofConfined()) {
            Restrictions r = Restrictions.builder().allowOp(Opcode.WRITE)
                    .allowRegisterOp(RegisterOp.REGISTER_PERSONALITY).build();
            assertEquals(2, r.size());
            r.applyTo(ring);
            ring.enable();

            ring.nextSqe().nop().userData(1);
            assertEquals(-Errno.EACCES.value(), SingleCompletion.res(ring, 1), "NOP is not on the list");
            ring.nextSqe().write(pipe[1], arena.allocateFrom("ok", StandardCharsets.UTF_8).asSlice(0, 2)).userData(2);
            assertEquals(2, SingleCompletion.res(ring, 2), "WRITE is");
            assertEquals("ok", NativeFds.read(pipe[0], 8));

            ring.nextSqe().write(pipe[1], arena.allocate(1)).flags(SqeFlags.IO_DRAIN).userData(3);
            assertEquals(-Errno.EACCES.value(), SingleCompletion.res(ring, 3), "no SQE flag is allowed");

            Personality p = Personality.register(ring); // an allowed register opcode
            UringException e = assertThrows(UringException.class, p::close);
            assertEquals(Errno.EACCES, e.errno(), "UNREGISTER_PERSONALITY is not on the list");
            assertMessage(e, "restrictions do not allow UNREGISTER_PERSONALITY");
        } finally {
            NativeFds.close(pipe);
        }
    }

    @Test
    void registerOpcodesOffTheListFailWithEacces() {
        try (Ring ring = disabledRing()) {
            Restrictions.builder().allowOp(Opcode.NOP).build().applyTo(ring);
            ring.enable();
            UringException e = assertThrows(UringException.class, () -> Personality.register(ring));
            assertEquals(Errno.EACCES, e.errno());
            ring.nextSqe().nop().userData(1);
            assertEquals(0, SingleCompletion.res(ring, 1));
        }
    }

    @Test
    void misuseIsRefused() {
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Restrictions.builder().build()), "at least");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> Restrictions.builder().allowOp(256)),
                "opcode");
        assertMessage(assertThrows(IllegalArgumentException.class,
                () -> Restrictions.builder().allowOp((Opcode) null)), "opcode");
        Restrictions nop = Restrictions.builder().allowOp(Opcode.NOP).build();
        try (Ring enabled = Ring.open(8)) {
            assertMessage(assertThrows(IllegalStateException.class, () -> nop.applyTo(enabled)), "disabled");
        }
        try (Ring ring = disabledRing()) {
            nop.applyTo(ring);
            UringException twice = assertThrows(UringException.class, () -> nop.applyTo(ring));
            assertEquals(Errno.EBUSY, twice.errno());
        }
        try (Ring ring = disabledRing()) {
            ring.enable();
            IllegalStateException late = assertThrows(IllegalStateException.class, () -> nop.applyTo(ring));
            assertMessage(late, "before Ring.enable()");
        }
    }
}
