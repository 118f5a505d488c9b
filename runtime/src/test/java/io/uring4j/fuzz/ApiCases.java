package io.uring4j.fuzz;

import io.uring4j.Ring;
import io.uring4j.RingOptions;
import io.uring4j.buffers.BufferRing;
import io.uring4j.buffers.BufferRingOptions;
import io.uring4j.buffers.LegacyBufferGroup;
import io.uring4j.context.ContextPool;
import io.uring4j.context.DirectUserData;
import io.uring4j.fuzz.BadInput.Action;
import io.uring4j.fuzz.BadInput.Expect;
import io.uring4j.kernel.Opcode;
import io.uring4j.multishot.Multishot;
import io.uring4j.multishot.MultishotEnd;
import io.uring4j.multishot.MultishotHandler;
import io.uring4j.multishot.Multishots;
import io.uring4j.register.BufferTable;
import io.uring4j.register.EventFdRegistration;
import io.uring4j.register.FileTable;
import io.uring4j.register.IoWorkers;
import io.uring4j.register.Restrictions;
import io.uring4j.register.RingClock;
import io.uring4j.Cqe;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Bad inputs outside the prep methods: ring setup options, registration classes, buffer tables
 * and rings, legacy buffer groups, multishot arms, context packing, and the cases issue 10 found
 * vague or silent (a setter before the prep method, a prep after submit, a timeout count past 32
 * bits, a page rule for madvise, tables and rings too large to allocate).
 */
final class ApiCases {
    private static final MultishotHandler IGNORE = new MultishotHandler() {
        @Override
        public void onCompletion(Multishot sub, Cqe cqe) {}

        @Override
        public void onEnd(Multishot sub, MultishotEnd end, int res) {}
    };

    private final List<BadInput> out = new ArrayList<>();

    private ApiCases() {}

    static List<BadInput> all() {
        ApiCases c = new ApiCases();
        c.setup();
        c.registration();
        c.buffers();
        c.multishot();
        c.context();
        c.vague();
        return c.out;
    }

    private void add(String name, String param, Expect expect, Action action) {
        out.add(new BadInput(name, param, expect, action));
    }

    private void setup() {
        for (int entries : new int[] {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 16, 1 << 30}) {
            add("Ring.open(" + entries + ")", "entries", Expect.REFUSED_OR_ERRNO, k -> Ring.open(entries).close());
            add("RingOptions.entries(" + entries + ")", "entries", Expect.REFUSED_OR_ERRNO,
                    k -> Ring.open(RingOptions.builder().entries(entries).build()).close());
        }
        for (int cq : new int[] {-1, 1, 3, Integer.MAX_VALUE}) {
            add("RingOptions.cqEntries(" + cq + ")", "cqEntries", Expect.REFUSED_OR_ERRNO,
                    k -> Ring.open(RingOptions.builder().entries(8).cqEntries(cq).build()).close());
        }
        for (int flags : new int[] {-1, 0x8000_0000, 1 << 30}) {
            add("RingOptions.flags(0x" + Integer.toHexString(flags) + ")", "flags", Expect.REFUSED_OR_ERRNO,
                    k -> Ring.open(RingOptions.builder().entries(8).flags(flags).build()).close());
        }
        add("RingOptions.sqPoll(-1)", "idleMillis", Expect.REFUSED_OR_ERRNO,
                k -> Ring.open(RingOptions.builder().entries(8).sqPoll(-1).build()).close());
        add("RingOptions.sqPollCpu(-1)", "cpu", Expect.REFUSED_OR_ERRNO,
                k -> Ring.open(RingOptions.builder().entries(8).sqPoll(10).sqPollCpu(-1).build()).close());
        add("RingOptions.sqPollCpu(100000)", "cpu", Expect.REFUSED_OR_ERRNO,
                k -> Ring.open(RingOptions.builder().entries(8).sqPoll(10).sqPollCpu(100000).build()).close());
        add("RingOptions.attachWq(null)", "other", Expect.REFUSED,
                k -> Ring.open(RingOptions.builder().entries(8).attachWq(null).build()).close());
        add("RingOptions.attachWq(closed ring)", "attachWq", Expect.REFUSED, k -> {
            Ring gone = Ring.open(4);
            gone.close();
            Ring.open(RingOptions.builder().entries(8).attachWq(gone).build()).close();
        });
    }

    private void registration() {
        add("FileTable.register(no fds)", "fds", Expect.REFUSED, k -> FileTable.register(k.ring).close());
        add("FileTable.register(null)", "fds", Expect.REFUSED, k -> FileTable.register(k.ring, (int[]) null).close());
        for (int fd : new int[] {-5, 99_999, Integer.MAX_VALUE}) {
            add("FileTable.register(fd " + fd + ")", "fds", Expect.REFUSED_OR_ERRNO,
                    k -> FileTable.register(k.ring, fd).close());
        }
        for (int size : new int[] {0, -1, Integer.MAX_VALUE}) {
            add("FileTable.sparse(" + size + ")", "size", Expect.REFUSED_OR_ERRNO,
                    k -> FileTable.sparse(k.ring, size).close());
        }
        for (int slot : new int[] {-1, 4, Integer.MAX_VALUE}) {
            add("FileTable.update(slot " + slot + ")", "slot", Expect.REFUSED, k -> {
                try (FileTable t = FileTable.sparse(k.ring, 4)) {
                    t.update(slot, k.fd);
                }
            });
            add("FileTable.clear(slot " + slot + ")", "slot", Expect.REFUSED, k -> {
                try (FileTable t = FileTable.sparse(k.ring, 4)) {
                    t.clear(slot);
                }
            });
        }
        add("FileTable.update(bad fd)", "fds", Expect.REFUSED_OR_ERRNO, k -> {
            try (FileTable t = FileTable.sparse(k.ring, 4)) {
                t.update(0, -7);
            }
        });
        add("FileTable.allocRange(-1, 2)", "offset", Expect.REFUSED_OR_ERRNO, k -> {
            try (FileTable t = FileTable.sparse(k.ring, 4)) {
                t.allocRange(-1, 2);
            }
        });
        add("FileTable.allocRange(2, 100)", "length", Expect.REFUSED_OR_ERRNO, k -> {
            try (FileTable t = FileTable.sparse(k.ring, 4)) {
                t.allocRange(2, 100);
            }
        });
        add("BufferTable.register(count 0)", "count", Expect.REFUSED, k -> BufferTable.register(k.ring, 0, 4096).close());
        add("BufferTable.register(count 20000)", "count", Expect.REFUSED,
                k -> BufferTable.register(k.ring, 20_000, 4096).close());
        add("BufferTable.register(size 0)", "size", Expect.REFUSED, k -> BufferTable.register(k.ring, 1, 0).close());
        add("BufferTable.register(size -1)", "size", Expect.REFUSED, k -> BufferTable.register(k.ring, 1, -1).close());
        add("BufferTable.register(size 1 TiB)", "size", Expect.REFUSED,
                k -> BufferTable.register(k.ring, 1, 1L << 40).close());
        add("BufferTable.registerSizes()", "sizes", Expect.REFUSED, k -> BufferTable.registerSizes(k.ring).close());
        add("BufferTable.registerSizes(null)", "sizes", Expect.REFUSED,
                k -> BufferTable.registerSizes(k.ring, (long[]) null).close());
        add("BufferTable.sparse(0)", "size", Expect.REFUSED, k -> BufferTable.sparse(k.ring, 0).close());
        add("BufferTable.sparse(1 << 20)", "size", Expect.REFUSED, k -> BufferTable.sparse(k.ring, 1 << 20).close());
        add("BufferTable.replace(slot -1)", "slot", Expect.REFUSED, k -> {
            try (BufferTable t = BufferTable.sparse(k.ring, 2)) {
                t.replace(-1, 4096);
            }
        });
        add("BufferTable.replace(size 1 TiB)", "size", Expect.REFUSED, k -> {
            try (BufferTable t = BufferTable.sparse(k.ring, 2)) {
                t.replace(0, 1L << 40);
            }
        });
        add("EventFdRegistration.register(fd -1)", "eventFd", Expect.REFUSED_OR_ERRNO,
                k -> EventFdRegistration.register(k.ring, -1).close());
        add("EventFdRegistration.register(/dev/null)", "eventFd", Expect.REFUSED_OR_ERRNO,
                k -> EventFdRegistration.register(k.ring, k.fd).close());
        add("Restrictions.allowOp(-1)", "opcode", Expect.REFUSED, k -> Restrictions.builder().allowOp(-1).build());
        add("Restrictions.allowOp(1000)", "opcode", Expect.REFUSED, k -> Restrictions.builder().allowOp(1000).build());
        add("Restrictions.allowOp(null)", "opcode", Expect.REFUSED,
                k -> Restrictions.builder().allowOp((Opcode) null).build());
        add("Restrictions.allowedSqeFlags(0x1000)", "sqeFlags", Expect.REFUSED,
                k -> Restrictions.builder().allowedSqeFlags(0x1000).build());
        add("Restrictions.applyTo(enabled ring)", "ring", Expect.REFUSED_OR_ERRNO,
                k -> Restrictions.builder().allowOp(Opcode.NOP).build().applyTo(k.ring));
        add("RingClock.register(-1)", "clockId", Expect.REFUSED_OR_ERRNO, k -> RingClock.register(k.ring, -1));
        add("RingClock.register(99)", "clockId", Expect.REFUSED_OR_ERRNO, k -> RingClock.register(k.ring, 99));
        add("IoWorkers.maxWorkers(-1, -1)", "bounded", Expect.REFUSED_OR_ERRNO, k -> IoWorkers.maxWorkers(k.ring, -1, -1));
        add("IoWorkers.affinity(null)", "cpus", Expect.REFUSED, k -> IoWorkers.affinity(k.ring, null));
        add("IoWorkers.affinity(no cpu)", "cpus", Expect.REFUSED_OR_ERRNO, k -> IoWorkers.affinity(k.ring, new BitSet()));
    }

    private void buffers() {
        int[][] bad = {{-1, 8, 64}, {70_000, 8, 64}, {1, 0, 64}, {1, 3, 64}, {1, 65_536, 64}, {1, -8, 64},
                {1, 8, 0}, {1, 8, -1}};
        String[] names = {"groupId", "groupId", "entries", "entries", "entries", "entries", "bufferSize", "bufferSize"};
        for (int i = 0; i < bad.length; i++) {
            int[] b = bad[i];
            add("BufferRingOptions.of(" + b[0] + ", " + b[1] + ", " + b[2] + ")", names[i], Expect.REFUSED,
                    k -> BufferRingOptions.of(b[0], b[1], b[2]));
        }
        for (int count : new int[] {0, -1, 9}) {
            add("BufferRingOptions.bufferCount(" + count + ")", "bufferCount", Expect.REFUSED,
                    k -> BufferRingOptions.builder(1, 8, 64).bufferCount(count).build());
        }
        add("BufferRing.register(null ring)", "ring", Expect.REFUSED,
                k -> BufferRing.register(null, BufferRingOptions.of(1, 8, 64)).close());
        add("BufferRing.register(null options)", "options", Expect.REFUSED, k -> BufferRing.register(k.ring, null).close());
        add("BufferRing.register(16 x 2 GiB = 32 GiB)", "bufferSize", Expect.REFUSED,
                k -> BufferRing.register(k.ring, 7, 16, Integer.MAX_VALUE).close());
        add("BufferRing.register(32768 x 2 GiB)", "bufferSize", Expect.REFUSED,
                k -> BufferRing.register(k.ring, 7, 32_768, Integer.MAX_VALUE).close());
        add("BufferRing.register(group taken)", "groupId", Expect.REFUSED_OR_ERRNO, k -> {
            try (BufferRing a = BufferRing.register(k.ring, 9, 8, 64)) {
                BufferRing.register(k.ring, 9, 8, 64).close();
            }
        });
        int[][] legacy = {{-1, 0, 1, 64}, {70_000, 0, 1, 64}, {1, -1, 1, 64}, {1, 0, 0, 64}, {1, 0, 70_000, 64},
                {1, 65_535, 2, 64}, {1, 0, 1, 0}, {1, 0, 1, -1}, {1, 0, 65_536, Integer.MAX_VALUE}};
        String[] legacyNames = {"groupId", "groupId", "firstBid", "count", "count", "firstBid", "bufferSize",
                "bufferSize", "bufferSize"};
        for (int i = 0; i < legacy.length; i++) {
            int[] b = legacy[i];
            add("LegacyBufferGroup.allocate(" + b[0] + ", " + b[1] + ", " + b[2] + ", " + b[3] + ")", legacyNames[i],
                    Expect.REFUSED, k -> LegacyBufferGroup.allocate(b[0], b[1], b[2], b[3]).close());
        }
        for (int bid : new int[] {-1, 4, Integer.MAX_VALUE}) {
            add("LegacyBufferGroup.provide(bid " + bid + ")", "bid", Expect.REFUSED, k -> {
                try (LegacyBufferGroup g = LegacyBufferGroup.allocate(3, 4, 64)) {
                    g.provide(k.ring.nextSqe(), bid);
                }
            });
            add("LegacyBufferGroup.buffer(bid " + bid + ")", "bid", Expect.REFUSED, k -> {
                try (LegacyBufferGroup g = LegacyBufferGroup.allocate(3, 4, 64)) {
                    g.buffer(bid);
                }
            });
        }
        add("LegacyBufferGroup.remove(n -1)", "n", Expect.REFUSED, k -> {
            try (LegacyBufferGroup g = LegacyBufferGroup.allocate(3, 4, 64)) {
                g.remove(k.ring.nextSqe(), -1);
            }
        });
        add("LegacyBufferGroup.provideAll(null sqe)", "sqe", Expect.REFUSED, k -> {
            try (LegacyBufferGroup g = LegacyBufferGroup.allocate(3, 4, 64)) {
                g.provideAll(null);
            }
        });
    }

    private void multishot() {
        add("new Multishots(ring, 0)", "maxSubscriptions", Expect.REFUSED, k -> new Multishots(k.ring, 0));
        add("new Multishots(ring, -1)", "maxSubscriptions", Expect.REFUSED, k -> new Multishots(k.ring, -1));
        add("new Multishots(null, 4)", "ring", Expect.REFUSED, k -> new Multishots(null, 4));
        add("new Multishots(ring, null pool)", "pool", Expect.REFUSED, k -> new Multishots(k.ring, (ContextPool) null));
        add("Multishots.accept(fd -1)", "fd", Expect.REFUSED, k -> new Multishots(k.ring, 4).accept(-1, 0, IGNORE));
        add("Multishots.accept(null handler)", "handler", Expect.REFUSED,
                k -> new Multishots(k.ring, 4).accept(k.fd, 0, null));
        add("Multishots.recv(bufGroup -1)", "bufGroup", Expect.REFUSED, k -> new Multishots(k.ring, 4).recv(k.fd, -1, IGNORE));
        add("Multishots.recv(bufGroup 70000)", "bufGroup", Expect.REFUSED,
                k -> new Multishots(k.ring, 4).recv(k.fd, 70_000, IGNORE));
        add("Multishots.recvmsg(heap template)", "msgTemplate", Expect.REFUSED,
                k -> new Multishots(k.ring, 4).recvmsg(-1, MemorySegment.ofArray(new byte[64]), 1, IGNORE));
        add("Multishots.recvmsg(closed template)", "msgTemplate", Expect.REFUSED,
                k -> new Multishots(k.ring, 4).recvmsg(-1, k.closed, 1, IGNORE));
        add("Multishots.recvmsg(8-byte template)", "msgTemplate", Expect.REFUSED,
                k -> new Multishots(k.ring, 4).recvmsg(-1, k.arena.allocate(8), 1, IGNORE));
        add("Multishots.recvmsg(template with an iovec address)", "msgTemplate", Expect.REFUSED, k -> {
            MemorySegment t = k.arena.allocate(io.uring4j.kernel.structs.Msghdr.LAYOUT);
            io.uring4j.kernel.structs.Msghdr.msgIov(t, 0, k.page().address());
            io.uring4j.kernel.structs.Msghdr.msgIovlen(t, 0, 1);
            new Multishots(k.ring, 4).recvmsg(k.fd, t, 1, IGNORE);
        });
        add("Multishots.timeout(null period)", "period", Expect.REFUSED,
                k -> new Multishots(k.ring, 4).timeout(null, 0, 0, IGNORE));
        add("Multishots.timeout(heap period)", "period", Expect.REFUSED,
                k -> new Multishots(k.ring, 4).timeout(MemorySegment.ofArray(new byte[16]), 0, 0, IGNORE));
        add("Multishots.timeout(count 2^32)", "count", Expect.REFUSED,
                k -> new Multishots(k.ring, 4).timeout(k.page(), 1L << 32, 0, IGNORE));
        add("Multishots.read(bufGroup -1)", "bufGroup", Expect.REFUSED,
                k -> new Multishots(k.ring, 4).read(k.fd, false, -1, 0, IGNORE));
        add("Multishots full (2 of 1)", "pool", Expect.REFUSED, k -> {
            Multishots m = new Multishots(k.ring, 1);
            // POLLPRI: /dev/null never reports it, so the armed poll stays quiet until the ring closes.
            m.poll(k.fd, 2, IGNORE);
            m.poll(k.fd, 2, IGNORE);
        });
    }

    private void context() {
        int[][] pack = {{-1, 0, 0}, {256, 0, 0}, {1, -1, 0}, {1, 256, 0}, {1, 0, -1}, {1, 0, 65_536}};
        String[] names = {"opcode", "opcode", "sqeFlags", "sqeFlags", "bufferGroup", "bufferGroup"};
        for (int i = 0; i < pack.length; i++) {
            int[] p = pack[i];
            add("DirectUserData.pack(" + p[0] + ", " + p[1] + ", " + p[2] + ", 3)", names[i], Expect.REFUSED,
                    k -> DirectUserData.pack(p[0], p[1], p[2], 3));
        }
        add("DirectUserData.pack(null opcode)", "opcode", Expect.REFUSED, k -> DirectUserData.pack((Opcode) null, 0, 0, 3));
        for (int[] c : new int[][] {{0, 1}, {-1, 1}, {1, -1}, {Integer.MAX_VALUE, 1}, {1 << 20, 1 << 20}}) {
            add("new ContextPool(" + c[0] + ", " + c[1] + ")", c[1] < 0 ? "longsPerSlot" : "capacity", Expect.REFUSED,
                    k -> new ContextPool(c[0], c[1]));
        }
        add("ContextPool.get(slot -1)", "slot", Expect.REFUSED, k -> new ContextPool(4, 2).get(-1, 0));
        add("ContextPool.get(slot 4)", "slot", Expect.REFUSED, k -> new ContextPool(4, 2).get(4, 0));
        add("ContextPool.get(index 2)", "i", Expect.REFUSED, k -> new ContextPool(4, 2).get(0, 2));
        add("ContextPool.set(index -1)", "i", Expect.REFUSED, k -> new ContextPool(4, 2).set(0, -1, 1));
        add("ContextPool.attach(slot 9)", "slot", Expect.REFUSED, k -> new ContextPool(4, 2).attach(9, "x"));
        add("ContextPool.userData(slot -1)", "slot", Expect.REFUSED, k -> new ContextPool(4, 2).userData(-1));
    }

    private void vague() {
        add("userData before a prep method", "userData", Expect.REFUSED, k -> k.ring.nextSqe().userData(1));
        add("flags before a prep method", "flags", Expect.REFUSED, k -> k.ring.nextSqe().flags(1));
        add("prep after submit", "prep", Expect.REFUSED, k -> {
            var sqe = k.ring.nextSqe().nop().userData(77);
            k.ring.submit();
            sqe.nop();
        });
        add("userData after submit", "userData", Expect.REFUSED, k -> {
            var sqe = k.ring.nextSqe().nop().userData(78);
            k.ring.submit();
            sqe.userData(79);
        });
        add("second prep on one entry", "prep", Expect.REFUSED, k -> k.ring.nextSqe().nop().nop());
        add("timeout count 2^32", "count", Expect.REFUSED, k -> k.sqe().timeout(k.page(), 1L << 32, 0));
        add("timeout count -1", "count", Expect.REFUSED, k -> k.sqe().timeout(k.page(), -1L, 0));
        add("madvise 64 bytes inside a page", "region", Expect.REFUSED,
                k -> k.sqe().madvise(k.page().asSlice(64, 64), 4));
        add("madvise page + 1 byte", "region", Expect.REFUSED, k -> k.sqe().madvise(k.arena.allocate(4097, 4096), 4));
        add("madvise misaligned page", "region", Expect.REFUSED,
                k -> k.sqe().madvise(k.arena.allocate(8192, 4096).asSlice(1, 4096), 4));
        add("flags 0x100 (past 8 bits)", "flags", Expect.REFUSED, k -> k.sqe().nop().flags(0x100));
        add("flags 0xFF (unknown IOSQE bits)", "flags", Expect.REFUSED_OR_ERRNO, k -> k.sqe().nop().flags(0xFF));
        add("fixedFile on a NOP", "flags", Expect.DEFINED, k -> k.sqe().nop().fixedFile());
        add("personality 99999", "personality", Expect.REFUSED, k -> k.sqe().nop().personality(99_999));
        add("personality 4242", "personality", Expect.REFUSED_OR_ERRNO, k -> k.sqe().nop().personality(4242));
        add("asyncCancelOp(255)", "opcode", Expect.REFUSED_OR_ERRNO, k -> k.sqe().asyncCancelOp(255, 0));
        add("asyncCancelOp(-1)", "opcode", Expect.REFUSED_OR_ERRNO, k -> k.sqe().asyncCancelOp(-1, 0));
    }
}
