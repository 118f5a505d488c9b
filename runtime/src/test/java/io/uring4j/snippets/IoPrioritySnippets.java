package io.uring4j.snippets;

import io.uring4j.Ring;
import io.uring4j.kernel.flags.IoPrioClass;
import io.uring4j.os.IoPriority;
import java.lang.foreign.MemorySegment;

/** Javadoc example of {@link IoPriority}: compiled with the tests and run by {@code IoPrioritySnippetsTest}. */
public final class IoPrioritySnippets {
    private IoPrioritySnippets() {}

    /** Reads {@code buf.byteSize()} bytes at offset 0 with best-effort priority level 4; returns the CQE result. */
    public static int readBestEffort(Ring ring, int fd, MemorySegment buf) {
        // @start region=ioPriority
        int ioprio = IoPriority.of(IoPrioClass.BE, 4);      // best effort, middle level
        ring.nextSqe().read(fd, buf, 0, 0, ioprio).userData(1);
        ring.submitAndWait(1);
        int res = ring.peek().res();                        // bytes read, or -EPERM for RT without the capability
        ring.seen();
        // @end
        return res;
    }
}
