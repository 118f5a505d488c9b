package io.uring4j.internal;

/**
 * Turns a failed native allocation (a bare {@link OutOfMemoryError} from an arena) into an
 * IllegalArgumentException that names the parameters that asked for the memory and how much.
 */
public final class NativeAllocation {
    private NativeAllocation() {}

    /**
     * {@return the exception for a native allocation of {@code bytes} that failed}
     *
     * @param params the parameters that sized it, e.g. {@code "bufferCount * bufferSize"}
     * @param bytes the bytes asked for
     * @param cause the allocator's error
     */
    public static IllegalArgumentException tooLarge(String params, long bytes, OutOfMemoryError cause) {
        IllegalArgumentException e = new IllegalArgumentException(params + " asks for " + bytes
                + " bytes of native memory, more than the process can allocate now; use fewer or smaller buffers");
        e.initCause(cause);
        return e;
    }
}
