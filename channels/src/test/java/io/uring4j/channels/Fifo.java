package io.uring4j.channels;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A named pipe: a real file whose reads block until someone writes, to hold requests in flight. */
final class Fifo {
    private Fifo() {}

    static Path create(Path dir, String name) throws IOException, InterruptedException {
        Path p = dir.resolve(name);
        Process proc = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        if (!proc.waitFor(10, TimeUnit.SECONDS) || proc.exitValue() != 0) {
            throw new IOException("mkfifo " + p + " failed");
        }
        return p;
    }
}
