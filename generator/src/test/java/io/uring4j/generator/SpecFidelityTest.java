package io.uring4j.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.uring4j.generator.emit.Emitter;
import io.uring4j.generator.load.SpecLoader;
import io.uring4j.generator.model.EntryLayout;
import io.uring4j.generator.model.Field;
import io.uring4j.generator.model.Opcode;
import io.uring4j.generator.model.Spec;
import io.uring4j.generator.model.Struct;
import io.uring4j.generator.model.StructField;
import java.lang.foreign.MemoryLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real spec against facts written down here independently, from linux/io_uring.h (6.19 for
 * NOP128 and URING_CMD128) and the x86_64 ABI: a typo in the spec must not pass unnoticed.
 */
class SpecFidelityTest {
    /** IORING_OP_* in value order: the index is the value. */
    private static final List<String> OPCODES = List.of(
            "NOP", "READV", "WRITEV", "FSYNC", "READ_FIXED", "WRITE_FIXED", "POLL_ADD", "POLL_REMOVE",
            "SYNC_FILE_RANGE", "SENDMSG", "RECVMSG", "TIMEOUT", "TIMEOUT_REMOVE", "ACCEPT", "ASYNC_CANCEL",
            "LINK_TIMEOUT", "CONNECT", "FALLOCATE", "OPENAT", "CLOSE", "FILES_UPDATE", "STATX", "READ", "WRITE",
            "FADVISE", "MADVISE", "SEND", "RECV", "OPENAT2", "EPOLL_CTL", "SPLICE", "PROVIDE_BUFFERS",
            "REMOVE_BUFFERS", "TEE", "SHUTDOWN", "RENAMEAT", "UNLINKAT", "MKDIRAT", "SYMLINKAT", "LINKAT",
            "MSG_RING", "FSETXATTR", "SETXATTR", "FGETXATTR", "GETXATTR", "SOCKET", "URING_CMD", "SEND_ZC",
            "SENDMSG_ZC", "READ_MULTISHOT", "WAITID", "FUTEX_WAIT", "FUTEX_WAKE", "FUTEX_WAITV",
            "FIXED_FD_INSTALL", "FTRUNCATE", "BIND", "LISTEN", "RECV_ZC", "EPOLL_WAIT", "READV_FIXED",
            "WRITEV_FIXED", "PIPE", "NOP128", "URING_CMD128");

    /** struct io_uring_sqe: name, offset, width. */
    private static final Object[][] SQE_FIELDS = {
        {"opcode", 0, 1}, {"flags", 1, 1}, {"ioprio", 2, 2}, {"fd", 4, 4}, {"off", 8, 8}, {"addr", 16, 8},
        {"len", 24, 4}, {"rw_flags", 28, 4}, {"user_data", 32, 8}, {"buf_index", 40, 2}, {"personality", 42, 2},
        {"splice_fd_in", 44, 4}, {"addr3", 48, 8},
    };

    /** struct io_uring_cqe: name, offset, width. */
    private static final Object[][] CQE_FIELDS = {{"user_data", 0, 8}, {"res", 8, 4}, {"flags", 12, 4}};

    private static final Map<String, Integer> STRUCT_SIZES = Map.of(
            "io_uring_params", 120, "io_sqring_offsets", 40, "io_cqring_offsets", 40, "io_uring_probe", 16,
            "io_uring_probe_op", 8, "io_uring_getevents_arg", 24, "kernel_timespec", 16);

    /** struct name → field name → offset, for the structs the ring setup depends on. */
    private static final Map<String, Map<String, Integer>> STRUCT_OFFSETS = Map.of(
            "io_uring_params", offsets("sq_entries", 0, "cq_entries", 4, "flags", 8, "sq_thread_cpu", 12,
                    "sq_thread_idle", 16, "features", 20, "wq_fd", 24, "sq_off", 40, "cq_off", 80),
            "io_sqring_offsets", offsets("head", 0, "tail", 4, "ring_mask", 8, "ring_entries", 12, "flags", 16,
                    "dropped", 20, "array", 24),
            "io_cqring_offsets", offsets("head", 0, "tail", 4, "ring_mask", 8, "ring_entries", 12, "overflow", 16,
                    "cqes", 20, "flags", 24),
            "io_uring_probe", offsets("last_op", 0, "ops_len", 1, "ops", 16),
            "io_uring_probe_op", offsets("op", 0, "flags", 2),
            "io_uring_getevents_arg", offsets("sigmask", 0, "sigmask_sz", 8, "ts", 16),
            "kernel_timespec", offsets("tv_sec", 0, "tv_nsec", 8));

    /** x86_64 errno values; every one the spec lists must agree. */
    private static final Map<String, Integer> ERRNO = Map.ofEntries(
            Map.entry("EPERM", 1), Map.entry("ENOENT", 2), Map.entry("EINTR", 4), Map.entry("EIO", 5),
            Map.entry("EBADF", 9), Map.entry("EAGAIN", 11), Map.entry("ENOMEM", 12), Map.entry("EACCES", 13),
            Map.entry("EFAULT", 14), Map.entry("EBUSY", 16), Map.entry("EEXIST", 17), Map.entry("EINVAL", 22),
            Map.entry("EMFILE", 24), Map.entry("ENOSPC", 28), Map.entry("EPIPE", 32), Map.entry("ERANGE", 34),
            Map.entry("ENOSYS", 38), Map.entry("ETIME", 62), Map.entry("EOVERFLOW", 75),
            Map.entry("EOPNOTSUPP", 95), Map.entry("ECONNRESET", 104), Map.entry("ENOBUFS", 105),
            Map.entry("ETIMEDOUT", 110), Map.entry("ECONNREFUSED", 111), Map.entry("EALREADY", 114),
            Map.entry("ECANCELED", 125));

    private static Spec spec;

    @BeforeAll
    static void load() {
        spec = SpecLoader.load(TestSpecs.realSpecDir());
    }

    private static Map<String, Integer> offsets(Object... nameOffset) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (int i = 0; i < nameOffset.length; i += 2) {
            out.put((String) nameOffset[i], (Integer) nameOffset[i + 1]);
        }
        return out;
    }

    @Test
    void opcodeNamesAndValuesMatchTheKernel() {
        List<String> expected = new ArrayList<>();
        for (int v = 0; v < OPCODES.size(); v++) {
            expected.add(v + " " + OPCODES.get(v));
        }
        List<String> actual = spec.baseOpcodes().stream().map(o -> o.value() + " " + o.name()).toList();
        assertEquals(String.join("\n", expected), String.join("\n", actual));
    }

    @Test
    void onlyTheTwo128ByteOpcodesNeedABigEntry() {
        List<String> big = spec.baseOpcodes().stream().filter(o -> o.sqeSize() == 128).map(Opcode::name).toList();
        assertEquals(List.of("NOP128", "URING_CMD128"), big);
    }

    @Test
    void entrySizes() {
        assertEquals(64, spec.sqe().size());
        assertEquals(128, spec.sqe().bigSize());
        assertEquals(16, spec.cqe().size());
        assertEquals(32, spec.cqe().bigSize());
    }

    @Test
    void sqeFieldOffsets() {
        assertFields(spec.sqe(), SQE_FIELDS);
    }

    @Test
    void cqeFieldOffsets() {
        assertFields(spec.cqe(), CQE_FIELDS);
        assertTrue(spec.cqe().field("res").orElseThrow().signed(), "res is signed");
    }

    private static void assertFields(EntryLayout layout, Object[][] expected) {
        for (Object[] f : expected) {
            Field field = layout.field((String) f[0]).orElseThrow(
                    () -> new AssertionError(layout.kind() + " has no field " + f[0]));
            assertEquals(f[1], field.offset(), layout.kind() + "." + f[0] + " offset");
            assertEquals(f[2], field.width(), layout.kind() + "." + f[0] + " width");
        }
    }

    @Test
    void structSizesAndOffsets() {
        for (var e : STRUCT_SIZES.entrySet()) {
            Struct s = spec.struct(e.getKey()).orElseThrow(() -> new AssertionError("no struct " + e.getKey()));
            assertEquals(e.getValue(), s.size(), e.getKey() + " size");
        }
        for (var e : STRUCT_OFFSETS.entrySet()) {
            Struct s = spec.struct(e.getKey()).orElseThrow();
            for (var f : e.getValue().entrySet()) {
                StructField field = s.fields().stream().filter(x -> x.name().equals(f.getKey())).findFirst()
                        .orElseThrow(() -> new AssertionError(e.getKey() + " has no field " + f.getKey()));
                assertEquals(f.getValue(), field.offset(), e.getKey() + "." + f.getKey());
            }
        }
    }

    @Test
    void errnoValues() {
        for (var e : spec.errnos()) {
            Integer expected = ERRNO.get(e.name());
            if (expected != null) {
                assertEquals(expected, e.value(), e.name());
            }
        }
        for (String core : List.of("EPERM", "ENOENT", "EINTR", "EBADF", "EAGAIN", "ENOMEM", "EINVAL", "ETIME",
                "ECANCELED")) {
            assertTrue(spec.errnos().stream().anyMatch(e -> e.name().equals(core)), "errno " + core + " missing");
        }
    }

    @Test
    void generatedCodeCarriesTheSameFacts() {
        Compiled code = Compiled.compile(Emitter.runtimeSources(spec));
        Class<?> opcode = code.type("io.uring4j.kernel.Opcode");
        for (int v = 0; v < OPCODES.size(); v++) {
            Object o = Compiled.call(opcode, "ofValue", new Class<?>[] {int.class}, v);
            assertEquals(OPCODES.get(v), o == null ? null : ((Enum<?>) o).name(), "Opcode.ofValue(" + v + ")");
        }
        assertEquals(64, code.constant("io.uring4j.Sqe", "SIZE"));
        assertEquals(128, code.constant("io.uring4j.Sqe", "BIG_SIZE"));
        assertEquals(16, code.constant("io.uring4j.Cqe", "SIZE"));
        assertEquals(32, code.constant("io.uring4j.Cqe", "BIG_SIZE"));
        for (var e : STRUCT_SIZES.entrySet()) {
            String type = "io.uring4j.kernel.structs." + io.uring4j.generator.emit.Names.upperCamel(e.getKey());
            assertEquals((long) e.getValue(), code.constant(type, "SIZE"), type);
            assertEquals((long) e.getValue(), ((MemoryLayout) code.constant(type, "LAYOUT")).byteSize(), type);
        }
    }
}
