package io.uring4j.bench.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Command-line options shared by the read drivers: {@code --file PATH [--size BYTES] --bs BYTES --qd N
 * --threads N --warmup SECONDS --seconds SECONDS}, and the switches {@code --direct},
 * {@code --fixed-files}, {@code --fixed-buffers}, {@code --random-hint} and {@code --async}, and
 * {@code --wait N}, {@code --iowq-workers N}, {@code --taskrun defer|coop}, {@code --rings N}, {@code --submit-every N}, {@code --sqpoll} (uring4j only). Bad values
 * fail with an {@link IllegalArgumentException} naming the option.
 */
record DriverArgs(Path file, long fileSize, int blockSize, int queueDepth, int threads, double warmupSeconds,
        double seconds, boolean direct, boolean fixedFiles, boolean fixedBuffers, boolean randomHint,
        boolean async, int waitBatch, int ioWorkers, boolean coopTaskrun, int rings, int submitEvery, boolean sqPoll) {

    /** Options that take no value. */
    private static final java.util.Set<String> SWITCHES =
            java.util.Set.of("--direct", "--fixed-files", "--fixed-buffers", "--random-hint", "--async",
                    "--sqpoll");

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
        if (options.containsKey("--size")) {
            // Reads only the first --size bytes, as fio's size= does: one file serves a small warm
            // workload (its start) and a large cold one (all of it).
            long limit = Long.parseLong(options.get("--size"));
            if (limit < 1 || limit > size) {
                throw new IllegalArgumentException("--size must be 1.." + size + " (the file's size); was " + limit);
            }
            size = limit;
        }
        if (size < bs) {
            throw new IllegalArgumentException("--file " + path + " must hold at least one block of " + bs + " bytes");
        }
        int qd = positive(options, "--qd", 64);
        int wait = positive(options, "--wait", 1);
        if (wait > qd) {
            throw new IllegalArgumentException("--wait must be <= --qd (" + qd + "); was " + wait);
        }
        String taskrun = options.getOrDefault("--taskrun", "defer");
        if (!taskrun.equals("defer") && !taskrun.equals("coop")) {
            throw new IllegalArgumentException("--taskrun must be defer or coop; was " + taskrun);
        }
        int workers = Integer.parseInt(options.getOrDefault("--iowq-workers", "0"));
        if (workers < 0) {
            throw new IllegalArgumentException("--iowq-workers must be >= 0 (0: the kernel's limit); was " + workers);
        }
        return new DriverArgs(path, size, bs, qd, positive(options, "--threads", 1),
                seconds(options, "--warmup", 2), seconds(options, "--seconds", 5), options.containsKey("--direct"),
                options.containsKey("--fixed-files"), options.containsKey("--fixed-buffers"),
                options.containsKey("--random-hint"), options.containsKey("--async"), wait, workers,
                taskrun.equals("coop"), rings(options, qd, wait),
                Integer.parseInt(options.getOrDefault("--submit-every", "0")), options.containsKey("--sqpoll"));
    }

    /** Whole blocks in the file: reads go to block-aligned offsets below {@code blocks() * blockSize()}. */
    long blocks() {
        return fileSize / blockSize;
    }

    private static int rings(Map<String, String> options, int qd, int wait) {
        int rings = positive(options, "--rings", 1);
        if (rings > qd || wait > qd / rings) {
            throw new IllegalArgumentException("--rings must leave each ring a depth >= --wait (" + wait + ") of --qd "
                    + qd + "; was " + rings);
        }
        return rings;
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
