package io.uring4j.bench.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command-line options shared by the read drivers: {@code --file PATH --bs BYTES --qd N
 * --threads N --warmup SECONDS --seconds SECONDS}, and the switches {@code --direct},
 * {@code --fixed-files}, {@code --fixed-buffers} and {@code --random-hint} (uring4j only). Bad values fail with an
 * {@link IllegalArgumentException} naming the option.
 */
record DriverArgs(Path file, long fileSize, int blockSize, int queueDepth, int threads, double warmupSeconds,
        double seconds, boolean direct, boolean fixedFiles, boolean fixedBuffers, boolean randomHint) {

    /** Options that take no value. */
    private static final java.util.Set<String> SWITCHES =
            java.util.Set.of("--direct", "--fixed-files", "--fixed-buffers", "--random-hint");

    static DriverArgs parse(String[] args) throws java.io.IOException {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (SWITCHES.contains(name)) {
                options.put(name, "true");
            } else if (name.startsWith("--") && i + 1 < args.length) {
                options.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown or incomplete option: " + name);
            }
        }
        String file = options.get("--file");
        if (file == null) {
            throw new IllegalArgumentException("--file is required");
        }
        Path path = Path.of(file);
        int bs = positive(options, "--bs", 4096);
        long size = Files.size(path);
        if (size < bs) {
            throw new IllegalArgumentException("--file " + path + " must hold at least one block of " + bs + " bytes");
        }
        return new DriverArgs(path, size, bs, positive(options, "--qd", 64), positive(options, "--threads", 1),
                seconds(options, "--warmup", 2), seconds(options, "--seconds", 5), options.containsKey("--direct"),
                options.containsKey("--fixed-files"), options.containsKey("--fixed-buffers"),
                options.containsKey("--random-hint"));
    }

    /** Whole blocks in the file: reads go to block-aligned offsets below {@code blocks() * blockSize()}. */
    long blocks() {
        return fileSize / blockSize;
    }

    private static int positive(Map<String, String> options, String name, int fallback) {
        int v = Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)));
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1; was " + v);
        }
        return v;
    }

    private static double seconds(Map<String, String> options, String name, double fallback) {
        double v = Double.parseDouble(options.getOrDefault(name, Double.toString(fallback)));
        if (!(v >= 0)) {
            throw new IllegalArgumentException(name + " must be >= 0; was " + v);
        }
        return v;
    }
}
