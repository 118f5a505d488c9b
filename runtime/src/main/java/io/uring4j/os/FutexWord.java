package io.uring4j.os;

import io.uring4j.Sqe;
import io.uring4j.internal.Checks;
import io.uring4j.kernel.flags.Futex2Flags;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A 32-bit futex word in native memory, with the requests that wait on it and wake its waiters
 * ({@code FUTEX_WAIT}, {@code FUTEX_WAKE}) and atomic access for the code that changes it.
 *
 * <p>The usual protocol: a waiter reads the word, decides to sleep and submits
 * {@link #prepareWait(Sqe, int)} with the value it read; the kernel parks the request only if the
 * word still holds that value, else it completes at once with {@code -EAGAIN} (read again).
 * A waker changes the word first, then submits {@link #prepareWake(Sqe, int)} (or wakes from
 * another ring, or with futex(2)). Completions: a wait has {@code res} 0 when woken,
 * {@code -EAGAIN} on a value mismatch, {@code -ECANCELED} when cancelled; a wake has {@code res}
 * = the number of waiters it woke.
 *
 * <p>A private word (the default) is matched only within this process, which is cheaper; a
 * shared one (in memory mapped by several processes) needs {@code processPrivate = false}.
 *
 * <p>Example:
 * <pre>{@code
 * FutexWord ready = FutexWord.allocate(arena);
 * ready.prepareWait(ring.nextSqe(), 0).userData(WAITING);   // sleeps while the word is 0
 * ring.submit();
 * // another thread, on its ring:
 * ready.set(1);
 * ready.prepareWake(otherRing.nextSqe(), 1).userData(WOKE);
 * otherRing.submit();
 * }</pre>
 */
public final class FutexWord {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final MemorySegment word;
    private final int flags;

    private FutexWord(MemorySegment word, int flags) {
        this.word = word;
        this.flags = flags;
    }

    /**
     * A new process-private word, zero, allocated in {@code arena}.
     *
     * @param arena owns the memory made here; it must outlive every request that uses it
     * @return the word, initially 0
     * @throws IllegalArgumentException when arena is null
     */
    public static FutexWord allocate(Arena arena) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        return new FutexWord(arena.allocate(ValueLayout.JAVA_INT), Futex2Flags.SIZE_U32 | Futex2Flags.PRIVATE);
    }

    /**
     * A word over the first 4 bytes of {@code segment}, e.g. inside shared memory.
     *
     * @param processPrivate true when only this process waits on and wakes the word
     * @param segment native memory, alive while the kernel may use it
     * @return the word over {@code segment}
     * @throws IllegalArgumentException when segment is not a live native segment of at least 4
     *                                  bytes at a 4-byte aligned address
     */
    public static FutexWord over(MemorySegment segment, boolean processPrivate) {
        long address = Checks.address(segment, "segment");
        if (segment.byteSize() < Integer.BYTES) {
            throw new IllegalArgumentException("segment is " + segment.byteSize() + " bytes; a futex word needs 4");
        }
        if (address % Integer.BYTES != 0) {
            throw new IllegalArgumentException("segment must start at a 4-byte aligned address (the kernel refuses"
                    + " a misaligned futex with EINVAL); it starts at 0x" + Long.toHexString(address));
        }
        int flags = Futex2Flags.SIZE_U32 | (processPrivate ? Futex2Flags.PRIVATE : 0);
        return new FutexWord(segment.asSlice(0, Integer.BYTES), flags);
    }

    /** {@return the word's current value (acquire read)} */
    public int get() {
        return (int) INT.getAcquire(word, 0L);
    }

    /**
     * Stores {@code value} (release write); wake the waiters afterwards.
     *
     * @param value the new value
     */
    public void set(int value) {
        INT.setRelease(word, 0L, value);
    }

    /**
     * Atomically sets the word to {@code value} if it holds {@code expected}.
     *
     * @param expected the value the word must hold
     * @param value the new value
     * @return true when the word held {@code expected} and now holds {@code value}
     */
    public boolean compareAndSet(int expected, int value) {
        return INT.compareAndSet(word, 0L, expected, value);
    }

    /**
     * Atomically adds {@code delta}; returns the previous value.
     *
     * @param delta the amount to add
     * @return the value before the addition
     */
    public int getAndAdd(int delta) {
        return (int) INT.getAndAdd(word, 0L, delta);
    }

    /**
     * Prepares {@code sqe} to wait until woken, provided the word still holds {@code expected}.
     *
     * @param sqe the SQE to fill (from {@code Ring.nextSqe()})
     * @param expected the value the wait expects the word to hold
     * @return the sqe, to set flags and user_data
     */
    public Sqe prepareWait(Sqe sqe, int expected) {
        return sqe.futexWait(word, Integer.toUnsignedLong(expected), flags);
    }

    /**
     * Prepares {@code sqe} to wake at most {@code count} waiters of the word.
     *
     * @param sqe the SQE to fill (from {@code Ring.nextSqe()})
     * @param count the most waiters to wake
     * @return the sqe, to add flags and user_data
     * @throws IllegalArgumentException when count is not positive
     */
    public Sqe prepareWake(Sqe sqe, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1; was " + count);
        }
        return sqe.futexWake(word, count, flags);
    }

    /** {@return the futex2 flags of the word's requests ({@link Futex2Flags}: size and privacy)} */
    public int flags() {
        return flags;
    }

    /** {@return the 4-byte word itself} */
    public MemorySegment segment() {
        return word;
    }

    @Override
    public String toString() {
        return "FutexWord[" + get() + ", " + Futex2Flags.describe(flags) + "]";
    }
}
