package io.uring4j.register;

import io.uring4j.Ring;
import io.uring4j.UringException;
import io.uring4j.internal.PageSize;
import io.uring4j.internal.RegisterCall;
import io.uring4j.internal.RingAccess;
import io.uring4j.internal.Syscalls;
import io.uring4j.kernel.Errno;
import io.uring4j.kernel.flags.EnterFlags;
import io.uring4j.kernel.flags.MemRegionRegFlags;
import io.uring4j.kernel.flags.MemRegionType;
import io.uring4j.kernel.flags.RegWaitFlags;
import io.uring4j.kernel.flags.RegisterOp;
import io.uring4j.kernel.structs.IoUringMemRegionReg;
import io.uring4j.kernel.structs.IoUringRegWait;
import io.uring4j.kernel.structs.IoUringRegionDesc;
import io.uring4j.kernel.structs.KernelTimespec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;

/**
 * Wait arguments that live in a registered memory region ({@code IORING_REGISTER_MEM_REGION} with
 * {@code IORING_MEM_REGION_REG_WAIT_ARG}): each slot holds an {@code io_uring_reg_wait} (a
 * timeout, a minimum wait), filled once; {@link #await(int, int)} then names the slot by offset
 * ({@code IORING_ENTER_EXT_ARG_REG}), so a timed wait passes no struct per call and allocates
 * nothing.
 *
 * <p>The kernel accepts the region only while the ring is disabled: open it with
 * {@code RingOptions.builder().disabled()}, register, then {@link Ring#enable()}. A region cannot
 * be unregistered; its memory is released when the ring closes.
 *
 * {@snippet class=io.uring4j.snippets.ParitySnippets region=waitRegion}
 */
public final class WaitRegion {
    /** More would be more than a waiter could use; the kernel caps the region to a few pages anyway. */
    private static final int MAX_SLOTS = 1 << 12;

    private final Ring ring;
    private final MemorySegment slots;
    private final int count;

    private WaitRegion(Ring ring, MemorySegment slots, int count) {
        this.ring = ring;
        this.slots = slots;
        this.count = count;
    }

    /**
     * Registers a region of {@code slots} wait arguments, all empty (no timeout).
     *
     * @param ring a ring opened disabled ({@code R_DISABLED}) and not yet enabled
     * @param slots how many wait arguments, 1 to 4096
     * @return the region
     * @throws IllegalArgumentException if {@code slots} is out of range
     * @throws IllegalStateException if the ring is closed, already enabled, or used from another thread
     * @throws UringException if the kernel refuses (EINVAL: no region support, or a region is already registered)
     */
    public static WaitRegion register(Ring ring, int slots) {
        RegisterCall call = RegisterCall.on(ring);
        if (slots < 1 || slots > MAX_SLOTS) {
            throw new IllegalArgumentException("slots must be 1.." + MAX_SLOTS + ", got " + slots);
        }
        if (ring.isEnabled()) {
            throw new IllegalStateException("a wait region must be registered before the ring is enabled: "
                    + "open it with RingOptions.builder().disabled(), register, then Ring.enable()");
        }
        long bytes = slots * IoUringRegWait.SIZE;
        long size = (bytes + PageSize.BYTES - 1) / PageSize.BYTES * PageSize.BYTES;
        // The kernel pins these pages for the ring's lifetime, so the memory lives exactly as long.
        Arena arena = Arena.ofShared();
        boolean registered = false;
        try {
            MemorySegment memory = arena.allocate(size, PageSize.BYTES);
            try (Arena args = Arena.ofConfined()) {
                MemorySegment desc = args.allocate(IoUringRegionDesc.LAYOUT);
                IoUringRegionDesc.userAddr(desc, 0, memory.address());
                IoUringRegionDesc.size(desc, 0, size);
                IoUringRegionDesc.flags(desc, 0, MemRegionType.USER);
                MemorySegment reg = args.allocate(IoUringMemRegionReg.LAYOUT);
                IoUringMemRegionReg.regionUptr(reg, 0, desc.address());
                IoUringMemRegionReg.flags(reg, 0, MemRegionRegFlags.REG_WAIT_ARG);
                call.run(RegisterOp.REGISTER_MEM_REGION, reg, 1);
            }
            RingAccess.get().onClose(ring, arena::close);
            registered = true;
            return new WaitRegion(ring, memory.asSlice(0, bytes), slots);
        } finally {
            if (!registered) {
                arena.close();
            }
        }
    }

    /** {@return the number of slots} */
    public int slots() {
        return count;
    }

    /** {@return the ring the region belongs to} */
    public Ring ring() {
        return ring;
    }

    /**
     * Sets slot {@code slot}'s timeout, relative to the start of each wait through it.
     *
     * @param slot 0 to {@code slots() - 1}
     * @param timeout how long a wait may sleep, or null for no timeout
     * @return this region
     * @throws IllegalArgumentException if {@code slot} is out of range or {@code timeout} negative
     */
    public WaitRegion timeout(int slot, Duration timeout) {
        long base = base(slot);
        if (timeout == null) {
            IoUringRegWait.flags(slots, base, IoUringRegWait.flags(slots, base) & ~RegWaitFlags.TS);
            return this;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        KernelTimespec.tvSec(slots, base + IoUringRegWait.OFF_TS, timeout.getSeconds());
        KernelTimespec.tvNsec(slots, base + IoUringRegWait.OFF_TS, timeout.getNano());
        IoUringRegWait.flags(slots, base, IoUringRegWait.flags(slots, base) | RegWaitFlags.TS);
        return this;
    }

    /**
     * Sets slot {@code slot}'s minimum wait: after that many microseconds the wait returns as soon
     * as one completion is ready, even if fewer than asked for.
     *
     * @param slot 0 to {@code slots() - 1}
     * @param micros microseconds, 0 for none
     * @return this region
     * @throws IllegalArgumentException if {@code slot} is out of range or {@code micros} negative
     */
    public WaitRegion minWait(int slot, int micros) {
        long base = base(slot);
        if (micros < 0) {
            throw new IllegalArgumentException("micros must not be negative, got " + micros);
        }
        IoUringRegWait.minWaitUsec(slots, base, micros);
        return this;
    }

    /**
     * Waits for {@code minComplete} completions with the arguments in slot {@code slot}; submits
     * nothing (call {@link Ring#submit()} first). Allocates nothing.
     *
     * @param slot 0 to {@code slots() - 1}
     * @param minComplete completions to wait for, at least 1
     * @return the completions ready, or {@code -ETIME} when the slot's timeout passed first, or
     *     {@code -EINTR} when a signal interrupted the wait
     * @throws IllegalArgumentException if an argument is out of range
     * @throws IllegalStateException if the ring is closed, not enabled, or owned by another thread
     * @throws UringException for any other kernel error
     */
    public int await(int slot, int minComplete) {
        long base = base(slot);
        if (minComplete < 1) {
            throw new IllegalArgumentException("minComplete must be at least 1, got " + minComplete);
        }
        if (ring.isClosed() || !ring.isEnabled()) {
            throw new IllegalStateException(ring.isClosed() ? "the ring is closed" : "the ring is not enabled yet");
        }
        Thread owner = ring.owner();
        if (owner != null && owner != Thread.currentThread()) {
            // A single-issuer ring answers any other task's enter with EEXIST; say so first.
            throw new IllegalStateException("single-issuer ring: wait from thread " + Thread.currentThread().getName()
                    + " but its owner is " + owner.getName());
        }
        int r = Syscalls.enter(RingAccess.get().errno(ring), ring.fd(), 0, minComplete,
                EnterFlags.GETEVENTS | EnterFlags.EXT_ARG | EnterFlags.EXT_ARG_REG, base, IoUringRegWait.SIZE);
        if (r == -Errno.ETIME.value() || r == -Errno.EINTR.value()) {
            return r;
        }
        if (r < 0) {
            throw new UringException("io_uring_enter (registered wait argument " + slot + ")", -r);
        }
        return ring.cqReady();
    }

    private long base(int slot) {
        if (slot < 0 || slot >= count) {
            throw new IllegalArgumentException("slot must be 0.." + (count - 1) + ", got " + slot);
        }
        return slot * IoUringRegWait.SIZE;
    }
}
