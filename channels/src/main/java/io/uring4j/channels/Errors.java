package io.uring4j.channels;

import io.uring4j.UringException;
import io.uring4j.kernel.Errno;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/** Turns a completion's negated errno into the exception the NIO contracts use. */
final class Errors {
    private static final int ENOENT = Errno.ENOENT.value();
    private static final int EEXIST = Errno.EEXIST.value();
    private static final int EACCES = Errno.EACCES.value();
    private static final int EPERM = Errno.EPERM.value();

    private Errors() {}

    /** An IOException for a failed request; the typed errno is in its cause. */
    static IOException io(String operation, int errno) {
        UringException cause = new UringException(operation, errno);
        return new IOException(cause.getMessage(), cause);
    }

    /** The exception {@code Files}/{@code FileChannel.open} would throw for a failed open. */
    static IOException open(String path, int errno) {
        UringException cause = new UringException("openat", errno);
        FileSystemException e;
        if (errno == ENOENT) {
            e = new NoSuchFileException(path);
        } else if (errno == EEXIST) {
            e = new FileAlreadyExistsException(path);
        } else if (errno == EACCES || errno == EPERM) {
            e = new AccessDeniedException(path);
        } else {
            e = new FileSystemException(path, null, cause.getMessage());
        }
        e.initCause(cause);
        return e;
    }
}
