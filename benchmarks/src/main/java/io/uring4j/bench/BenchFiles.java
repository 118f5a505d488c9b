package io.uring4j.bench;

import io.uring4j.Ring;
import io.uring4j.kernel.flags.AtFlags;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Benchmark files: created once with plain Java, opened through the ring (IORING_OP_OPENAT). */
public final class BenchFiles {
    static final Path SHM_FILE = Path.of("/dev/shm/uring4j-bench-read.dat");
    /** On the disk's file system, for reads served from the page cache. */
    static final Path DISK_FILE = Path.of("/var/tmp/uring4j-bench-read.dat");

    private BenchFiles() {}

    /** Creates {@code path} with {@code size} bytes of pseudo-random data unless it already has that size. */
    public static void ensure(Path path, long size) throws IOException {
        if (Files.exists(path) && Files.size(path) == size) {
            return;
        }
        byte[] block = new byte[1 << 20];
        new SplittableRandom(7).nextBytes(block);
        try (RandomAccessFile f = new RandomAccessFile(path.toFile(), "rw")) {
            f.setLength(0);
            for (long done = 0; done < size; done += block.length) {
                f.write(block, 0, (int) Math.min(block.length, size - done));
            }
            f.getFD().sync(); // on the disk before O_DIRECT runs read it
        }
    }

    /** Reads the whole file once, so that its pages are in the page cache. */
    public static void readAll(Path path) throws IOException {
        byte[] block = new byte[1 << 20];
        try (var in = Files.newInputStream(path)) {
            while (in.read(block) >= 0) {
                // discard: only the caching matters
            }
        }
    }

    /** Opens {@code path} with the ring and returns the fd. */
    static int open(Ring ring, Arena arena, Path path, int flags) {
        return ring.submitAndCheck(ring.nextSqe().openat(AtFlags.FDCWD, arena.allocateFrom(path.toString()), flags, 0),
                "openat " + path);
    }
}
