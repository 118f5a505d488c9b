package io.uring4j;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The running kernel's release, e.g. {@code 6.18.44}, read from {@code /proc/sys/kernel/osrelease}
 * (the same string uname(2) reports). Used to compare against the {@code since} versions of the spec.
 *
 * @param major   the major version
 * @param minor   the minor version
 * @param patch   the patch level (0 when the release has none)
 * @param release the full release string, vendor suffix included
 */
public record KernelVersion(int major, int minor, int patch, String release) {
    private static final Path OSRELEASE = Path.of("/proc/sys/kernel/osrelease");

    /** {@return the running kernel's version (read once per call; cache it if you need it often)} */
    public static KernelVersion current() {
        try {
            return parse(Files.readString(OSRELEASE).strip());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kernel release from " + OSRELEASE, e);
        }
    }

    /**
     * Parses a release such as {@code "6.18.44-fc-v669"} or a spec version such as {@code "5.6"}.
     *
     * @param release the text to parse
     * @return the version it starts with
     * @throws IllegalArgumentException when {@code release} does not start with {@code major.minor}
     */
    public static KernelVersion parse(String release) {
        int[] parts = new int[3];
        int part = 0;
        int i = 0;
        boolean digits = false;
        while (i < release.length() && part < 3) {
            char c = release.charAt(i);
            if (c >= '0' && c <= '9') {
                parts[part] = parts[part] * 10 + (c - '0');
                digits = true;
            } else if (c == '.' && digits) {
                part++;
                digits = false;
            } else {
                break;
            }
            i++;
        }
        if (part < 1 || (part == 1 && !digits)) {
            throw new IllegalArgumentException("release '" + release + "' does not start with major.minor");
        }
        return new KernelVersion(parts[0], parts[1], parts[2], release);
    }

    /**
     * {@return true when this version is {@code major.minor} or newer}
     *
     * @param major the major version to compare with
     * @param minor the minor version to compare with
     */
    public boolean atLeast(int major, int minor) {
        return this.major > major || (this.major == major && this.minor >= minor);
    }

    /**
     * {@return true when this version is at least {@code since}}
     *
     * @param since a spec version such as {@code "5.19"}
     */
    public boolean atLeast(String since) {
        KernelVersion v = parse(since);
        return atLeast(v.major, v.minor);
    }

    @Override
    public String toString() {
        return release;
    }
}
