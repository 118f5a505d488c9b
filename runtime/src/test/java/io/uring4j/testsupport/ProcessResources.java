package io.uring4j.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a leak test counts in this process: open fds, io_uring mappings in /proc/self/maps, and
 * the bytes malloc has handed out (glibc's mallinfo2, every arena, mmapped chunks included).
 * Native memory from FFM arenas comes from malloc, so the malloc count sees a leaked arena
 * without the Java heap's growth blurring it, as VmRSS or RssAnon would.
 */
public final class ProcessResources {
    /** struct mallinfo2: ten size_t fields, of which uordblks and hblkhd are read. */
    private static final StructLayout MALLINFO2 = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("arena"), ValueLayout.JAVA_LONG.withName("ordblks"),
            ValueLayout.JAVA_LONG.withName("smblks"), ValueLayout.JAVA_LONG.withName("hblks"),
            ValueLayout.JAVA_LONG.withName("hblkhd"), ValueLayout.JAVA_LONG.withName("usmblks"),
            ValueLayout.JAVA_LONG.withName("fsmblks"), ValueLayout.JAVA_LONG.withName("uordblks"),
            ValueLayout.JAVA_LONG.withName("fordblks"), ValueLayout.JAVA_LONG.withName("keepcost"));
    private static final MethodHandle MALLINFO = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("mallinfo2").orElseThrow(), FunctionDescriptor.of(MALLINFO2));

    private ProcessResources() {}

    /** {@return open fds of this process} */
    public static long fds() {
        return TestSupport.openFds();
    }

    /** {@return mappings of io_uring memory (rings, SQE arrays, kernel-allocated buffer rings)} */
    public static long ringMappings() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream().filter(l -> l.contains("io_uring")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return bytes malloc has handed out and not had back: in-use heap chunks plus mmapped chunks} */
    public static long mallocBytes() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) MALLINFO.invokeExact((java.lang.foreign.SegmentAllocator) a);
            return info.get(ValueLayout.JAVA_LONG, MALLINFO2.byteOffset(MemoryLayout.PathElement.groupElement("uordblks")))
                    + info.get(ValueLayout.JAVA_LONG, MALLINFO2.byteOffset(MemoryLayout.PathElement.groupElement("hblkhd")));
        } catch (Throwable t) {
            throw new AssertionError("mallinfo2", t);
        }
    }

    /** {@return a line of /proc/self/status, e.g. "VmRSS", in kB} */
    public static long statusKb(String key) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/status"));
            for (String l : lines) {
                if (l.startsWith(key + ":")) {
                    return Long.parseLong(l.substring(key.length() + 1).trim().split("\\s+")[0]);
                }
            }
            throw new AssertionError("no " + key + " in /proc/self/status");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@return true when the stress profile runs ({@code -Pstress}: the full counts)} */
    public static boolean stress() {
        return Boolean.getBoolean("uring4j.stress");
    }
}
