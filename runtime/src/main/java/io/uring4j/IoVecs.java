package io.uring4j;

import io.uring4j.internal.Checks;
import io.uring4j.kernel.structs.Iovec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * A checked {@code struct iovec} array for the vectored prep methods ({@code readv}, {@code writev},
 * their fixed forms, vectored sends) and {@code io.uring4j.net.MessageHeader}. Each entry is a whole
 * segment added with {@link #add(MemorySegment)}, so it is native, live and in bounds by
 * construction; the array keeps a reference to every segment, and a prep method checks again that
 * each is still alive and rewrites the entries from them before the kernel sees the array.
 *
 * <p>Filling it allocates nothing: {@link #clear()}, then {@code add} each buffer. Raw iovec memory
 * goes only to the {@code ...Unchecked} prep methods. Typical use:
 * {@code IoVecs.allocate(arena, 2).add(header).add(body)}, then {@code sqe.readv(fd, iov, 0)}.
 */
public final class IoVecs {
    private final MemorySegment memory;
    private final MemorySegment[] buffers;
    private int count;
    private long bytes;

    private IoVecs(MemorySegment memory, int capacity) {
        this.memory = memory;
        this.buffers = new MemorySegment[capacity];
    }

    /**
     * An empty array with room for {@code capacity} entries, allocated in {@code arena}.
     *
     * @param arena owns the iovec memory; it must outlive every request that uses the array
     * @param capacity the most entries the array holds
     * @return the array
     * @throws IllegalArgumentException when arena is null or capacity is not positive
     */
    public static IoVecs allocate(Arena arena, int capacity) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1; was " + capacity);
        }
        return new IoVecs(arena.allocate((long) Iovec.SIZE * capacity, Long.BYTES), capacity);
    }

    /**
     * An array holding exactly {@code buffers}, in order.
     *
     * @param arena owns the iovec memory
     * @param buffers the segments, each native and alive
     * @return the array
     * @throws IllegalArgumentException when a buffer is null, on the heap or closed (named by index)
     */
    public static IoVecs of(Arena arena, MemorySegment... buffers) {
        if (buffers == null || buffers.length == 0) {
            throw new IllegalArgumentException("buffers must name at least one segment");
        }
        IoVecs v = allocate(arena, buffers.length);
        for (int i = 0; i < buffers.length; i++) {
            v.add(buffers[i], "buffers[" + i + "]");
        }
        return v;
    }

    /**
     * Empties the array.
     *
     * @return this array
     */
    public IoVecs clear() {
        Arrays.fill(buffers, 0, count, null);
        count = 0;
        bytes = 0;
        return this;
    }

    /**
     * Appends {@code buf} as the next entry (its address and whole byte size).
     *
     * @param buf a native, live segment
     * @return this array
     * @throws IllegalArgumentException when buf is null, on the heap or closed
     * @throws IllegalStateException when all {@link #capacity()} entries are in use
     */
    public IoVecs add(MemorySegment buf) {
        return add(buf, "buf");
    }

    private IoVecs add(MemorySegment buf, String param) {
        long address = Checks.address(buf, param);
        if (count == buffers.length) {
            throw new IllegalStateException("the iovec array holds " + buffers.length
                    + " entries already; allocate it with a larger capacity");
        }
        write(count, address, buf.byteSize());
        buffers[count++] = buf;
        bytes += buf.byteSize();
        return this;
    }

    private void write(int i, long address, long size) {
        Iovec.iovBase(memory, (long) i * Iovec.SIZE, address);
        Iovec.iovLen(memory, (long) i * Iovec.SIZE, size);
    }

    /**
     * Checks that the array's own memory and every entry's segment are alive, rewrites the entries
     * from those segments (so nothing written into the memory by other means reaches the kernel) and
     * returns the array's address. Prep methods call it; it allocates nothing.
     *
     * @param param the prep parameter's name, for the message
     * @return the address of the first {@code struct iovec}
     * @throws IllegalArgumentException naming {@code param} and the entry when something is closed
     */
    public long checkedAddress(String param) {
        if (!memory.scope().isAlive()) {
            throw new IllegalArgumentException(param + ": the iovec array's arena is already closed");
        }
        for (int i = 0; i < count; i++) {
            MemorySegment b = buffers[i];
            if (!b.scope().isAlive()) {
                throw new IllegalArgumentException(param + " entry " + i
                        + " belongs to an arena that is already closed; clear() the array and add live segments");
            }
            write(i, b.address(), b.byteSize());
        }
        return memory.address();
    }

    /**
     * Whether the array's own memory and the segment of every entry are still open (their arenas
     * not closed). The ring asks at the completion of a request that used the array.
     *
     * @return true when all of it is alive
     */
    public boolean isAlive() {
        if (!memory.scope().isAlive()) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            if (!buffers[i].scope().isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** {@return entries added since the last {@link #clear()}} */
    public int count() {
        return count;
    }

    /** {@return the most entries the array holds} */
    public int capacity() {
        return buffers.length;
    }

    /** {@return total bytes of the entries: what a complete transfer moves} */
    public long byteCount() {
        return bytes;
    }

    /**
     * The segment of entry {@code i}.
     *
     * @param i entry index, 0 to {@code count() - 1}
     * @return the segment added there
     * @throws IndexOutOfBoundsException when i is not an entry
     */
    public MemorySegment buffer(int i) {
        java.util.Objects.checkIndex(i, count);
        return buffers[i];
    }

    /** {@return the iovec memory itself, for the ring's lease on its arena (no view allocated)} */
    MemorySegment iovecMemory() {
        return memory;
    }

    /**
     * The {@code struct iovec} entries as a read-only view ({@code count()} entries), to inspect or
     * to pass to an {@code ...Unchecked} prep method. Allocates the view.
     *
     * @return a read-only view of the entries
     */
    public MemorySegment segment() {
        return memory.asSlice(0, (long) count * Iovec.SIZE).asReadOnly();
    }
}
