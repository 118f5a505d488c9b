package io.uring4j.channels;

import java.io.IOException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

/** A lock taken through a JDK channel on the same file, presented as this layer's channel's lock. */
final class DelegatedFileLock extends FileLock {
    private final FileLock inner;

    DelegatedFileLock(FileChannel owner, FileLock inner) {
        super(owner, inner.position(), inner.size(), inner.isShared());
        this.inner = inner;
    }

    DelegatedFileLock(AsynchronousFileChannel owner, FileLock inner) {
        super(owner, inner.position(), inner.size(), inner.isShared());
        this.inner = inner;
    }

    @Override
    public boolean isValid() {
        return inner.isValid() && acquiredBy().isOpen();
    }

    @Override
    public void release() throws IOException {
        inner.release();
    }
}
