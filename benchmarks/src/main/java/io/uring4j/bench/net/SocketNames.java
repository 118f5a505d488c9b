package io.uring4j.bench.net;

import io.uring4j.kernel.structs.SockaddrIn;
import io.uring4j.kernel.structs.SockaddrStorage;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * getsockname(2) through FFM: io_uring has no opcode for it on Linux 6.18, and the uring4j
 * server needs it once at start-up to report the port the kernel picked for port 0.
 */
final class SocketNames {
    private static final MethodHandle GETSOCKNAME;

    static {
        Linker linker = Linker.nativeLinker();
        GETSOCKNAME = linker.downcallHandle(linker.defaultLookup().find("getsockname").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
                        ValueLayout.ADDRESS));
    }

    private SocketNames() {}

    /** The local port of the IPv4 socket {@code fd}, in host byte order. */
    static int localPort(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(SockaddrStorage.LAYOUT);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) SockaddrStorage.SIZE);
            int r = (int) GETSOCKNAME.invokeExact(fd, addr, len);
            if (r != 0) {
                throw new IllegalStateException("getsockname(" + fd + ") failed");
            }
            return Short.toUnsignedInt(Short.reverseBytes((short) SockaddrIn.sinPort(addr, 0)));
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
