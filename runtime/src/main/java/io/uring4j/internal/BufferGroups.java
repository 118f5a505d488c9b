package io.uring4j.internal;

/**
 * One ring's {@link BufferGroupRecord}s by group id: created the first time a request or a buffer
 * resource names the id, kept until the ring closes. Look-ups read a copy-on-write array without
 * locking (a ring names few groups), so a buffer-select prep costs a short scan.
 */
public final class BufferGroups {
    private volatile BufferGroupRecord[] records = new BufferGroupRecord[0];

    /** {@return the record of {@code groupId}, created on first use} */
    public BufferGroupRecord record(int groupId) {
        for (BufferGroupRecord r : records) {
            if (r.groupId() == groupId) {
                return r;
            }
        }
        return create(groupId);
    }

    private synchronized BufferGroupRecord create(int groupId) {
        BufferGroupRecord[] now = records;
        for (BufferGroupRecord r : now) {
            if (r.groupId() == groupId) {
                return r;
            }
        }
        BufferGroupRecord r = new BufferGroupRecord(groupId);
        BufferGroupRecord[] grown = java.util.Arrays.copyOf(now, now.length + 1);
        grown[now.length] = r;
        records = grown;
        return r;
    }

    /** {@return segments of PROVIDE_BUFFERS memory kept alive, over all groups} */
    public int providedHeld() {
        int n = 0;
        for (BufferGroupRecord r : records) {
            n += r.providedHeld();
        }
        return n;
    }

    /** The ring is closed and the kernel done with its requests: every group lets its memory go. */
    public void closeWithRing() {
        for (BufferGroupRecord r : records) {
            r.closeWithRing();
        }
    }
}
