package io.uring4j.generator.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.header.Layout.PlacedField;
import io.uring4j.generator.header.Layout.PlacedGroup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The header reader on the C constructs uapi headers use, in headers written here. */
class HeaderReaderTest {
    @TempDir
    Path tmp;

    private static final String MAIN = """
            /* SPDX: a header written for this test */
            #ifndef TEST_URING_H
            #define TEST_URING_H
            #include <linux/types.h>
            #include <linux/io_uring/extra.h>
            #ifdef __cplusplus
            extern "C" {
            #endif
            struct t_sqe {
            \t__u8\topcode;  // a comment
            \t__u8\tflags;
            \t__u16\tioprio;
            \t__s32\tfd;
            \tunion {
            \t\t__u64\toff;
            \t\tstruct {
            \t\t\t__u32\tcmd_op;
            \t\t\t__u32\t__pad1;
            \t\t};
            \t};
            \tunion {
            \t\t__u16\tbuf_index;
            \t\t__u16\tbuf_group;
            \t} __attribute__((packed));
            \t__u16 personality;
            \t__u8\tcmd[0];
            };
            enum t_op {
            \tT_OP_A,
            \tT_OP_B,
            \tT_OP_C = 7,
            \tT_OP_D,
            \t__T_OP_LAST,
            };
            #define T_BIT3\t\t(1U << 3)\t/* bit */
            #define T_ALL\t\t(T_BIT3 | \\
            \t\t\t T_LATER)
            #define T_LATER\t\t(1U << 31)
            #define T_ALLOC\t\t(~0U)
            #define T_SKIP\t\t(-2)
            #define T_MASK\t\t(~(((__u64)1 << 48) - 1))
            #define T_OFF\t\t0x8000000ULL
            #define T_RWF\t\t((__force __kernel_rwf_t)0x00000100)
            #define T_FN(x)\t\t((x) + 1)
            enum {
            \tT_USE_REG = 1U << 31
            };
            struct t_ring {
            \tunion {
            \t\tstruct {
            \t\t\t__u64\tresv1;
            \t\t\t__u16\ttail;
            \t\t};
            \t\t__DECLARE_FLEX_ARRAY(struct t_buf, bufs);
            \t};
            };
            struct t_buf { __u64 addr; __u32 len; __u16 bid, resv; };
            struct t_packed { __u32 events; __u64 data; } __attribute__((packed));
            struct t_uses { struct __kernel_timespec ts; __u8 op; __u8 pad[7]; struct t_unknown u; __u32 after; };
            #ifdef __cplusplus
            }
            #endif
            #endif
            """;

    private CHeader read() throws Exception {
        Path inc = Files.createDirectories(tmp.resolve("uapi/linux/io_uring"));
        Files.writeString(inc.resolve("extra.h"), """
                struct t_extra_hdr {
                \t__u64 next;
                \t__s32 result;
                \t__u32 __resv[3];
                };
                enum { T_EXTRA_Q = 0, T_EXTRA_R = 1, };
                """);
        Path main = tmp.resolve("uapi/linux/t_uring.h");
        Files.writeString(main, MAIN);
        return HeaderReader.read(List.of(main), List.of());
    }

    private static long value(CHeader h, String name) {
        assertTrue(h.constants().containsKey(name), name + " read");
        return h.constants().get(name).value().value();
    }

    @Test
    void constantsFromDefinesAndEnums() throws Exception {
        CHeader h = read();
        assertEquals(0, value(h, "T_OP_A"));
        assertEquals(1, value(h, "T_OP_B"));
        assertEquals(7, value(h, "T_OP_C"));
        assertEquals(8, value(h, "T_OP_D"));
        assertEquals(8, value(h, "T_BIT3"));
        assertEquals(0x80000000L, value(h, "T_LATER"));
        assertEquals(0x80000008L, value(h, "T_ALL"), "a define may use one defined after it");
        assertEquals(0xFFFFFFFFL, value(h, "T_ALLOC"));
        assertEquals(-2, value(h, "T_SKIP"));
        assertEquals(0xFFFF_0000_0000_0000L, value(h, "T_MASK"));
        assertEquals(0x8000000L, value(h, "T_OFF"));
        assertEquals(0x100, value(h, "T_RWF"));
        assertEquals(0x80000000L, value(h, "T_USE_REG"));
        assertFalse(h.constants().containsKey("T_FN"), "a macro with parameters is no constant");
        assertFalse(h.constants().containsKey("TEST_URING_H"), "an include guard is no constant");
        assertEquals(1, value(h, "T_EXTRA_R"), "read through #include <linux/io_uring/extra.h>");
        assertEquals("t_op", h.constants().get("T_OP_C").group());
        assertEquals(List.of("t_uring.h", "io_uring/extra.h"), h.files());
    }

    @Test
    void layoutsWithUnionsFlexibleArraysPackingAndUnknownTypes() throws Exception {
        CHeader h = read();
        Layout l = new Layout(h.structs());
        Layout.Laid sqe = l.of("t_sqe");
        assertEquals(24, sqe.size());
        PlacedGroup off = (PlacedGroup) sqe.members().get(4);
        assertTrue(off.union());
        PlacedGroup cmdOp = (PlacedGroup) off.members().get(1);
        PlacedField cmd = (PlacedField) cmdOp.members().get(0);
        assertEquals("cmd_op", cmd.name());
        assertEquals(8, cmd.offset());
        PlacedGroup buf = (PlacedGroup) sqe.members().get(5);
        assertEquals(16, buf.offset());
        assertEquals(18, ((PlacedField) sqe.members().get(6)).offset());
        assertEquals("u16", ((PlacedField) sqe.members().get(6)).type());
        assertEquals(0, ((PlacedField) sqe.members().get(7)).count());

        assertEquals(16, l.of("t_ring").size());
        assertEquals(16, l.of("t_buf").size());
        assertEquals(12, l.of("t_packed").size());
        assertEquals(4, ((PlacedField) l.of("t_packed").members().get(1)).offset());
        assertEquals(24, l.of("t_extra_hdr").size());

        Layout.Laid uses = l.of("t_uses");
        assertEquals(16, ((PlacedField) uses.members().get(1)).offset(), "__kernel_timespec is 16 bytes");
        assertEquals(-1, ((PlacedField) uses.members().get(4)).offset(), "after an unknown type: unknown");
        assertEquals(-1, uses.size());
    }
}
