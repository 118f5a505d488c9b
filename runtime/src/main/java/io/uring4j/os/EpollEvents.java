package io.uring4j.os;

import io.uring4j.kernel.flags.PollEvents;
import io.uring4j.kernel.structs.EpollEvent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An array of {@code struct epoll_event} (12 bytes each, packed on x86_64): the room an
 * {@code EPOLL_WAIT} request fills with ready events, or the single event an {@code EPOLL_CTL}
 * request reads. Reading and writing entries allocates nothing.
 *
 * <p>An {@code EPOLL_WAIT} completion's {@code res} is the number of entries written (from
 * index 0), or {@code -errno}.
 *
 * <p>Example:
 * <pre>{@code
 * EpollEvents ready = EpollEvents.allocate(arena, 16);
 * ring.nextSqe().epollWait(epoll.fd(), ready.segment()).userData(WAIT);
 * // on completion with res = n:
 * for (int i = 0; i < n; i++) { handle(ready.data(i), ready.events(i)); }
 * }</pre>
 */
public final class EpollEvents {
    private final MemorySegment array;
    private final int capacity;

    private EpollEvents(MemorySegment array, int capacity) {
        this.array = array;
        this.capacity = capacity;
    }

    /**
     * Room for {@code capacity} events in {@code arena}.
     *
     * @param arena owns the memory made here; it must outlive every request that uses it
     * @param capacity the number of entries, at least 1
     * @return the array
     * @throws IllegalArgumentException when arena is null or capacity is not positive
     */
    public static EpollEvents allocate(Arena arena, int capacity) {
        if (arena == null) {
            throw new IllegalArgumentException("arena must not be null");
        }
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1; was " + capacity);
        }
        return new EpollEvents(arena.allocate(EpollEvent.SIZE * capacity, Long.BYTES), capacity);
    }

    /**
     * {@return the ready-event bits of entry {@code i} ({@link PollEvents})}
     *
     * @param i the entry, from 0
     */
    public int events(int i) {
        return EpollEvent.events(array, at(i));
    }

    /**
     * {@return the caller data of entry {@code i}, as given when its descriptor was added}
     *
     * @param i the entry, from 0
     */
    public long data(int i) {
        return EpollEvent.data(array, at(i));
    }

    /**
     * Writes entry {@code i}, e.g. the event of an {@code EPOLL_CTL} request.
     *
     * @param events the poll events ({@code EpollEvents} / poll(2) bits)
     * @param i the entry, from 0
     * @param data the 64 bits to store with the events
     * @return this array
     */
    public EpollEvents set(int i, int events, long data) {
        long base = at(i);
        EpollEvent.events(array, base, events);
        EpollEvent.data(array, base, data);
        return this;
    }

    /** {@return entries the array holds} */
    public int capacity() {
        return capacity;
    }

    /** {@return the whole array, for {@code EPOLL_WAIT} (its size tells the kernel how many events fit)} */
    public MemorySegment segment() {
        return array;
    }

    /**
     * Names the bits of entry {@code i}'s events, e.g. {@code "POLLIN|POLLHUP"}.
     *
     * @param i the entry, from 0
     * @return the events by name and the data
     */
    public String describe(int i) {
        return PollEvents.describe(events(i));
    }

    private long at(int i) {
        java.util.Objects.checkIndex(i, capacity);
        return EpollEvent.SIZE * i;
    }
}
