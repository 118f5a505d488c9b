package io.uring4j.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the process's resource limits from /proc/self/limits, for error hints only (never the hot path). */
public final class ProcessLimits {
    private ProcessLimits() {}

    /** {@return the locked-memory soft limit, as text ("unlimited", "8192 KiB" or "unknown")} */
    public static String memlock() {
        return soft("Max locked memory", true);
    }

    /** {@return the soft limit named {@code name}; byte limits are shown in KiB} */
    public static String soft(String name, boolean bytes) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith(name)) {
                    String soft = line.substring(name.length()).trim().split("\\s+")[0];
                    if (soft.equals("unlimited")) {
                        return soft;
                    }
                    long value = Long.parseLong(soft);
                    return bytes ? (value / 1024) + " KiB" : Long.toString(value);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: the hint still names what to raise
        }
        return "unknown";
    }
}
