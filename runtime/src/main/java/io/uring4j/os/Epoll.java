package io.uring4j.os;

import io.uring4j.UringException;
import io.uring4j.internal.LibcCalls;
import io.uring4j.kernel.flags.EpollCreateFlags;
import io.uring4j.kernel.flags.EpollCtlOp;
import io.uring4j.kernel.structs.EpollEvent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * An epoll instance (epoll_create1(2), close-on-exec) and its interest list (epoll_ctl(2)), for
 * {@code EPOLL_WAIT}: a ring can then wait for readiness of descriptors that io_uring does not
 * drive itself, without a thread blocked in epoll_wait. Changes to the interest list are plain
 * system calls (or {@code EPOLL_CTL} requests on {@link #fd()}); the events come back in an
 * {@link EpollEvents} array.
 *
 * <p>Example:
 * <pre>{@code
 * try (Epoll epoll = Epoll.create()) {
 *     epoll.add(socketFd, PollEvents.POLLIN, 7);
 *     EpollEvents ready = EpollEvents.allocate(arena, 16);
 *     ring.nextSqe().epollWait(epoll.fd(), ready.segment()).userData(WAIT);
 *     ring.submit();
 *     // completion res = n events: ready.events(i), ready.data(i) == 7 for the socket
 * }
 * }</pre>
 */
public final class Epoll implements AutoCloseable {
    private final int fd;
    private boolean closed;

    private Epoll(int fd) {
        this.fd = fd;
    }

    /**
     * A new, empty epoll instance.
     *
     * @return the instance; close it to release the fd
     * @throws UringException when epoll_create1 fails (EMFILE, ENFILE, ENOMEM)
     */
    public static Epoll create() {
        int r = LibcCalls.epollCreate1(EpollCreateFlags.CLOEXEC);
        if (r < 0) {
            throw new UringException("epoll_create1", -r);
        }
        return new Epoll(r);
    }

    /**
     * Adds {@code target} to the interest list: events in {@code events} ({@code PollEvents} bits,
     * e.g. POLLIN, EPOLLET) will be reported with {@code data}.
     *
     * @param target the other ring
     * @param events the poll events ({@code EpollEvents} / poll(2) bits)
     * @param data the 64 bits epoll_wait reports with the fd's events
     * @throws UringException when epoll_ctl fails (EEXIST: already added; EPERM: a regular file)
     */
    public void add(int target, int events, long data) {
        control(EpollCtlOp.ADD, target, events, data, "add");
    }

    /**
     * Changes the events and data of {@code target}.
     *
     * @param target the other ring
     * @param events the poll events ({@code EpollEvents} / poll(2) bits)
     * @param data the 64 bits epoll_wait reports with the fd's events
     * @throws UringException when epoll_ctl fails (ENOENT: not in the interest list)
     */
    public void modify(int target, int events, long data) {
        control(EpollCtlOp.MOD, target, events, data, "modify");
    }

    /**
     * Removes {@code target} from the interest list.
     *
     * @param target the other ring
     * @throws UringException when epoll_ctl fails (ENOENT: not in the interest list)
     */
    public void remove(int target) {
        checkOpen();
        int r = LibcCalls.epollCtl(fd, EpollCtlOp.DEL, target, 0L);
        if (r < 0) {
            throw new UringException("epoll_ctl(remove " + target + ")", -r);
        }
    }

    private void control(int op, int target, int events, long data, String what) {
        checkOpen();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment event = a.allocate(EpollEvent.LAYOUT);
            EpollEvent.events(event, 0, events);
            EpollEvent.data(event, 0, data);
            int r = LibcCalls.epollCtl(fd, op, target, event.address());
            if (r < 0) {
                throw new UringException("epoll_ctl(" + what + " " + target + ")", -r);
            }
        }
    }

    /** {@return the epoll descriptor, for {@code EPOLL_WAIT} and {@code EPOLL_CTL} requests} */
    public int fd() {
        return fd;
    }

    /** Closes the epoll descriptor. Idempotent. A pending {@code EPOLL_WAIT} should be cancelled first. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            LibcCalls.close(fd);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the epoll instance is closed");
        }
    }

    @Override
    public String toString() {
        return "Epoll[fd=" + fd + (closed ? ", closed" : "") + "]";
    }
}
