package io.uring4j.channels;

import io.uring4j.kernel.flags.OpenFlags;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * {@link OpenOption}s read the way {@code FileChannel.open} reads them, as {@code open(2)} flags
 * and mode. Checked before anything reaches the kernel.
 */
record OpenSpec(int flags, int mode, boolean readable, boolean writable, boolean append, boolean direct,
        boolean deleteOnClose) {
    /** rw-rw-rw-, before the umask: what the JDK creates files with. */
    private static final int DEFAULT_MODE = 0666;

    static OpenSpec of(Set<? extends OpenOption> options, FileAttribute<?>... attrs) {
        if (options == null) {
            throw new NullPointerException("options");
        }
        boolean read = false, write = false, append = false, create = false, createNew = false, truncate = false;
        boolean direct = false, deleteOnClose = false, sync = false, dsync = false, noFollow = false;
        for (OpenOption o : options) {
            if (o == null) {
                throw new NullPointerException("options contains null");
            } else if (o == StandardOpenOption.READ) {
                read = true;
            } else if (o == StandardOpenOption.WRITE) {
                write = true;
            } else if (o == StandardOpenOption.APPEND) {
                append = true;
            } else if (o == StandardOpenOption.CREATE) {
                create = true;
            } else if (o == StandardOpenOption.CREATE_NEW) {
                createNew = true;
            } else if (o == StandardOpenOption.TRUNCATE_EXISTING) {
                truncate = true;
            } else if (o == StandardOpenOption.DELETE_ON_CLOSE) {
                deleteOnClose = true;
            } else if (o == StandardOpenOption.SPARSE) {
                // a hint; Linux files are sparse anyway
            } else if (o == StandardOpenOption.SYNC) {
                sync = true;
            } else if (o == StandardOpenOption.DSYNC) {
                dsync = true;
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                noFollow = true;
            } else if (o == UringOpenOption.DIRECT) {
                direct = true;
            } else {
                throw new UnsupportedOperationException("open option " + o + " is not supported");
            }
        }
        if (append) {
            write = true;
        }
        if (!read && !write) {
            read = true;
        }
        if (read && append) {
            throw new IllegalArgumentException("options: READ + APPEND not allowed");
        }
        if (append && truncate) {
            throw new IllegalArgumentException("options: APPEND + TRUNCATE_EXISTING not allowed");
        }
        int flags = (read && write ? OpenFlags.RDWR : write ? OpenFlags.WRONLY : OpenFlags.RDONLY) | OpenFlags.CLOEXEC;
        if (write) {
            // As in the JDK: CREATE, CREATE_NEW and TRUNCATE_EXISTING only mean something when writing.
            if (createNew) {
                flags |= OpenFlags.CREAT | OpenFlags.EXCL;
            } else if (create) {
                flags |= OpenFlags.CREAT;
            }
            if (truncate) {
                flags |= OpenFlags.TRUNC;
            }
        }
        if (append) {
            flags |= OpenFlags.APPEND;
        }
        if (sync) {
            flags |= OpenFlags.SYNC;
        }
        if (dsync) {
            flags |= OpenFlags.DSYNC;
        }
        if (direct) {
            flags |= OpenFlags.DIRECT;
        }
        if (noFollow) {
            flags |= OpenFlags.NOFOLLOW;
        }
        return new OpenSpec(flags, mode(attrs), read, write, append, direct, deleteOnClose);
    }

    private static int mode(FileAttribute<?>... attrs) {
        int mode = DEFAULT_MODE;
        for (FileAttribute<?> a : attrs) {
            if (a == null) {
                throw new NullPointerException("attrs contains null");
            }
            if (!a.name().equals("posix:permissions") && !a.name().equals("unix:permissions")) {
                throw new UnsupportedOperationException("file attribute " + a.name()
                        + " cannot be set at open (only posix:permissions)");
            }
            mode = 0;
            for (Object p : (Set<?>) a.value()) {
                mode |= permissionBit((PosixFilePermission) p);
            }
        }
        return mode;
    }

    /** The mode bit of {@code p}: owner, group, others, each read-write-execute, high to low. */
    private static int permissionBit(PosixFilePermission p) {
        return 1 << (PosixFilePermission.values().length - 1 - p.ordinal());
    }

    /** Throws NonReadableChannelException unless opened for reading. */
    void requireReadable() {
        if (!readable) {
            throw new java.nio.channels.NonReadableChannelException();
        }
    }

    /** Throws NonWritableChannelException unless opened for writing. */
    void requireWritable() {
        if (!writable) {
            throw new java.nio.channels.NonWritableChannelException();
        }
    }
}
