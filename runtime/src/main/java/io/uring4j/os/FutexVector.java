package io.uring4j.os;

import io.uring4j.Sqe;
import io.uring4j.kernel.flags.Futex2Flags;
import io.uring4j.kernel.structs.FutexWaitv;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A {@code struct futex_waitv} array for {@code FUTEX_WAITV}: one request that waits on several
 * {@link FutexWord}s and ends when any of them is woken. Its completion's {@code res} is the index
 * of the entry that was woken (see {@link #woken(int)}), or {@code -EAGAIN} at once when some word
 * did not hold its expected value.
 *
 * <p>The entries are set once (or changed between requests) without allocating; the array must
 * stay unchanged while a request uses it.
 *
 * <p>Example:
 * <pre>{@code
 * FutexVector any = FutexVector.allocate(arena, 2).set(0, inbox, 0).set(1, shutdown, 0);
 * any.prepareWait(ring.nextSqe()).userData(WAIT_ANY);
 * ring.submit();
 * // later: the CQE's res says which word was woken: 0 (inbox) or 1 (shutdown)
 * }</pre>
 */
public final class FutexVector {
    private final MemorySegment entries;
    private final FutexWord[] words;

    private FutexVector(MemorySegment entries, int size) {
        this.entries = entries;
        this.words = new FutexWord[size];
    }

    /**
     * A vector of {@code size} entries (1 to {@link Futex2Flags#WAITV_MAX}), allocated in
     * {@code arena}; every entry must be {@link #set} before the vector is used.
     *
     * @param arena owns the memory made here; it must outlive every request that uses it
     * @param size number of futex words, 1 to {@code FUTEX_WAITV_MAX}
     * @return the vector
     * @throws IllegalArgumentException when arena is null or size is out of range
     */
    public static FutexVector allocate(Arena arena, int size) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        if (size < 1 || size > Futex2Flags.WAITV_MAX) {
            throw new IllegalArgumentException("size must be from 1 to " + Futex2Flags.WAITV_MAX + "; was " + size);
        }
        MemorySegment s = arena.allocate(FutexWaitv.SIZE * size, Long.BYTES);
        return new FutexVector(s, size);
    }

    /**
     * Entry {@code index} waits on {@code word} while it holds {@code expected}.
     *
     * @param index the entry, from 0
     * @param word the futex word to wait on
     * @param expected the value the wait expects the word to hold
     * @return this vector
     * @throws IndexOutOfBoundsException when index is out of range
     * @throws IllegalArgumentException  when word is null
     */
    public FutexVector set(int index, FutexWord word, int expected) {
        java.util.Objects.checkIndex(index, words.length);
        if (word == null) {
            throw new IllegalArgumentException("word must not be null");
        }
        long base = FutexWaitv.SIZE * index;
        FutexWaitv.val(entries, base, Integer.toUnsignedLong(expected));
        FutexWaitv.uaddr(entries, base, word.segment().address());
        FutexWaitv.flags(entries, base, word.flags());
        FutexWaitv.reserved(entries, base, 0);
        words[index] = word;
        return this;
    }

    /**
     * Prepares {@code sqe} to wait on every entry.
     *
     * @param sqe the SQE to fill (from {@code Ring.nextSqe()})
     * @return the sqe, to add flags and user_data
     * @throws IllegalStateException when an entry was never set, or its word's arena was closed
     */
    public Sqe prepareWait(Sqe sqe) {
        for (int i = 0; i < words.length; i++) {
            if (words[i] == null) {
                throw new IllegalStateException("entry " + i + " of the futex vector was never set");
            }
            if (!words[i].segment().scope().isAlive()) {
                throw new IllegalStateException("entry " + i + " names a futex word whose arena is already closed");
            }
        }
        return sqe.futexWaitv(entries);
    }

    /**
     * The word a successful completion names: {@code res} is the index of the woken entry.
     *
     * @param res a completion's {@code res}
     * @return the word whose wake ended the wait
     * @throws IllegalArgumentException when res is not an index of this vector (e.g. a -errno)
     */
    public FutexWord woken(int res) {
        if (res < 0 || res >= words.length) {
            throw new IllegalArgumentException("res " + res + " names no entry of this " + words.length
                    + "-entry vector" + (res < 0 ? " (it is a failure: -errno)" : ""));
        }
        return words[res];
    }

    /** {@return entries in the vector} */
    public int size() {
        return words.length;
    }

    /** {@return the futex_waitv array itself} */
    public MemorySegment segment() {
        return entries;
    }
}
