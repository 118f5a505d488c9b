package io.uring4j.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.kernel.Opcode;
import io.uring4j.kernel.flags.SqeFlags;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DirectUserDataTest {

    private static void assertRoundTrip(int opcode, int flags, int group, int fd) {
        long ud = DirectUserData.pack(opcode, flags, group, fd);
        assertTrue(DirectUserData.isDirect(ud), () -> Long.toHexString(ud));
        assertFalse(DirectUserData.isExtended(ud));
        assertEquals(opcode, DirectUserData.opcode(ud), "opcode");
        assertEquals(flags, DirectUserData.sqeFlags(ud), "flags");
        assertEquals(group, DirectUserData.bufferGroup(ud), "bufferGroup");
        assertEquals(fd, DirectUserData.fd(ud), "fd");
    }

    @Test
    void extremesRoundTrip() {
        int[] opcodes = {0, 1, 126, 127};
        int[] flags = {0, 1, 128, 255};
        int[] groups = {0, 1, 32768, 65535};
        int[] fds = {-1, 0, 1, Integer.MAX_VALUE, Integer.MIN_VALUE};
        for (int op : opcodes) {
            for (int f : flags) {
                for (int g : groups) {
                    for (int fd : fds) {
                        assertRoundTrip(op, f, g, fd);
                    }
                }
            }
        }
    }

    @Test
    void allOnesDirectValueIsLongMaxValue() {
        // Every field at its maximum and fd -1 fill bits 0..62 exactly, leaving only the mode bit.
        assertEquals(Long.MAX_VALUE, DirectUserData.pack(127, 255, 65535, -1));
        assertEquals(0L, DirectUserData.pack(0, 0, 0, 0));
    }

    @Test
    void randomValuesRoundTrip() {
        Random random = new Random(0x5EED);
        for (int n = 0; n < 100_000; n++) {
            assertRoundTrip(random.nextInt(128), random.nextInt(256), random.nextInt(65536), random.nextInt());
        }
    }

    @Test
    void everySpecOpcodeAndSqeFlagFits() {
        for (Opcode op : Opcode.values()) {
            long ud = DirectUserData.pack(op, SqeFlags.FIXED_FILE | SqeFlags.CQE_SKIP_SUCCESS, 3, 9);
            assertEquals(op.value(), DirectUserData.opcode(ud), op.name());
            assertEquals(op, Opcode.ofValue(DirectUserData.opcode(ud)));
        }
        int allFlags = SqeFlags.FIXED_FILE | SqeFlags.IO_DRAIN | SqeFlags.IO_LINK | SqeFlags.IO_HARDLINK
                | SqeFlags.ASYNC | SqeFlags.BUFFER_SELECT | SqeFlags.CQE_SKIP_SUCCESS;
        assertEquals(allFlags, DirectUserData.sqeFlags(DirectUserData.pack(Opcode.NOP, allFlags, 0, 0)));
    }

    @Test
    void outOfRangePartsAreRejectedByName() {
        assertRejected("opcode", () -> DirectUserData.pack(128, 0, 0, 0));
        assertRejected("opcode", () -> DirectUserData.pack(-1, 0, 0, 0));
        assertRejected("opcode", () -> DirectUserData.pack((Opcode) null, 0, 0, 0));
        assertRejected("sqeFlags", () -> DirectUserData.pack(0, 256, 0, 0));
        assertRejected("sqeFlags", () -> DirectUserData.pack(0, -1, 0, 0));
        assertRejected("bufferGroup", () -> DirectUserData.pack(0, 0, 65536, 0));
        assertRejected("bufferGroup", () -> DirectUserData.pack(0, 0, -1, 0));
    }

    @Test
    void unpackingAnExtendedTokenIsRejected() {
        long token = new ContextPool(4, 1).acquire();
        assertTrue(DirectUserData.isExtended(token));
        assertFalse(DirectUserData.isDirect(token));
        assertRejected("userData", () -> DirectUserData.opcode(token));
        assertRejected("userData", () -> DirectUserData.sqeFlags(token));
        assertRejected("userData", () -> DirectUserData.bufferGroup(token));
        assertRejected("userData", () -> DirectUserData.fd(token));
    }

    private static void assertRejected(String param, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith(param + " "), e.getMessage());
    }
}
