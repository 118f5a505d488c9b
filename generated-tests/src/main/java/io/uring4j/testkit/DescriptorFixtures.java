package io.uring4j.testkit;

import io.uring4j.kernel.flags.OpenFlags;
import io.uring4j.testsupport.Libc;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Pipes, eventfds and epoll instances: plain blocking descriptors the scene owns. */
final class DescriptorFixtures {
    private DescriptorFixtures() {}

    /** A pipe: {@code read} and {@code write} ends. */
    static void pipe(Scene s, String name) {
        MemorySegment fds = s.arena.allocate(ValueLayout.JAVA_INT, 2);
        Libc.check("pipe2", Libc.pipe2(fds, OpenFlags.CLOEXEC));
        int r = s.own(fds.getAtIndex(ValueLayout.JAVA_INT, 0), name + ".read");
        int w = s.own(fds.getAtIndex(ValueLayout.JAVA_INT, 1), name + ".write");
        s.add(name, "pipe").set("read", r).set("write", w);
    }

    /** An eventfd with counter 0. */
    static void eventfd(Scene s, String name) {
        int fd = s.own((int) Libc.check("eventfd", Libc.eventfd(0, 0)), name);
        s.add(name, "eventfd").set(Fixture.DEFAULT, fd);
    }

    /** An empty epoll instance. */
    static void epoll(Scene s, String name) {
        int fd = s.own((int) Libc.check("epoll_create1", Libc.epollCreate1(0)), name);
        s.add(name, "epoll").set(Fixture.DEFAULT, fd);
    }
}
