package io.uring4j.channels;

import java.nio.file.OpenOption;

/** Open options of this layer beyond {@link java.nio.file.StandardOpenOption}. */
public enum UringOpenOption implements OpenOption {
    /**
     * {@code O_DIRECT}: transfers bypass the page cache. Positions and lengths must be multiples of
     * the file's direct-I/O offset alignment ({@code statx} {@code DIOALIGN}; checked before the
     * request is made). Direct buffers whose address is not aligned, and heap buffers, are staged
     * through this layer's aligned native memory.
     */
    DIRECT
}
