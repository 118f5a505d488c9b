package io.uring4j.buffers;

import io.uring4j.Ring;
import io.uring4j.UringException;

/**
 * Provided-buffer rings of several buffer sizes on one {@link Ring}, each its own buffer group,
 * so a request can take a buffer that fits what it expects (a small one for a header, a large
 * one for a bulk transfer) instead of every buffer being sized for the worst case.
 *
 * <p>{@link #forSize(int)} picks the smallest tier whose buffers hold the expected bytes;
 * {@link #byGroupId(int)} finds the tier a completion came from (the completion names only the
 * buffer, so the caller keeps the group, e.g. in its user data). Both scan a small array and
 * allocate nothing. Closing the tiers closes every ring.
 *
 * <pre>{@code
 * try (BufferTiers tiers = BufferTiers.register(ring, 10, 64, 512, 4096, 65536)) { // groups 10, 11, 12
 *     BufferRing tier = tiers.forSize(1500);                 // the 4 KiB tier, group 11
 *     ring.nextSqe().recvBufferSelect(socket, tier.groupId()).userData(tier.groupId());
 *     ...
 *     BufferRing from = tiers.byGroupId((int) cqe.userData());
 *     from.consume(cqe);
 * }
 * }</pre>
 */
public final class BufferTiers implements AutoCloseable {
    private final BufferRing[] tiers;
    private boolean closed;

    private BufferTiers(BufferRing[] tiers) {
        this.tiers = tiers;
    }

    /**
     * Registers one ring per size, with group ids {@code firstGroupId}, {@code firstGroupId + 1},
     * ... and {@code entries} buffers each.
     *
     * @param bufferSizes strictly increasing buffer sizes, at least one
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @param entries ring entries, a power of two
     * @param firstGroupId group id of the smallest tier; the others follow
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException when a size or id breaks its rule (see {@link BufferRingOptions})
     */
    public static BufferTiers register(Ring ring, int firstGroupId, int entries, int... bufferSizes) {
        if (bufferSizes == null || bufferSizes.length == 0) {
            throw new IllegalArgumentException("bufferSizes must name at least one size");
        }
        BufferRingOptions[] options = new BufferRingOptions[bufferSizes.length];
        for (int i = 0; i < bufferSizes.length; i++) {
            options[i] = BufferRingOptions.of(firstGroupId + i, entries, bufferSizes[i]);
        }
        return register(ring, options);
    }

    /**
     * Registers one ring per options, each with its own settings.
     *
     * @param tiers options in strictly increasing buffer size, with distinct group ids
     * @param ring the ring; the calling thread must be allowed to submit or register on it
     * @return the registration; close it to unregister
     * @throws IllegalArgumentException when the list is empty, sizes do not increase, or a group
     *                                  id repeats; checked before anything is registered
     * @throws UringException           when the kernel refuses a ring; those registered already
     *                                  are closed again
     */
    public static BufferTiers register(Ring ring, BufferRingOptions... tiers) {
        if (tiers == null || tiers.length == 0) {
            throw new IllegalArgumentException("tiers must hold at least one BufferRingOptions");
        }
        for (int i = 0; i < tiers.length; i++) {
            if (tiers[i] == null) {
                throw new IllegalArgumentException("tiers[" + i + "] must not be null");
            }
            for (int j = 0; j < i; j++) {
                if (tiers[j].groupId() == tiers[i].groupId()) {
                    throw new IllegalArgumentException("tiers " + j + " and " + i + " both use group id " + tiers[i].groupId());
                }
            }
            if (i > 0 && tiers[i].bufferSize() <= tiers[i - 1].bufferSize()) {
                throw new IllegalArgumentException("tier buffer sizes must strictly increase; tier " + i + " has "
                        + tiers[i].bufferSize() + " bytes after " + tiers[i - 1].bufferSize());
            }
        }
        BufferRing[] rings = new BufferRing[tiers.length];
        try {
            for (int i = 0; i < tiers.length; i++) {
                rings[i] = BufferRing.register(ring, tiers[i]);
            }
        } catch (RuntimeException | Error e) {
            for (BufferRing r : rings) {
                if (r != null) {
                    try {
                        r.close();
                    } catch (RuntimeException suppressed) {
                        e.addSuppressed(suppressed);
                    }
                }
            }
            throw e;
        }
        return new BufferTiers(rings);
    }

    /**
     * The smallest tier whose buffers hold {@code expectedBytes}, or the largest tier when none
     * does (the data then arrives over several completions).
     *
     * @param expectedBytes bytes the request expects to receive
     * @return the smallest tier whose buffers hold them
     * @throws IllegalArgumentException when {@code expectedBytes} is negative
     */
    public BufferRing forSize(int expectedBytes) {
        checkOpen();
        if (expectedBytes < 0) {
            throw new IllegalArgumentException("expectedBytes must be >= 0; was " + expectedBytes);
        }
        BufferRing[] t = tiers;
        for (int i = 0; i < t.length - 1; i++) {
            if (t[i].bufferSize() >= expectedBytes) {
                return t[i];
            }
        }
        return t[t.length - 1];
    }

    /**
     * {@return the group id of {@link #forSize(int)}}
     *
     * @param expectedBytes bytes the request expects to receive
     */
    public int groupIdFor(int expectedBytes) {
        return forSize(expectedBytes).groupId();
    }

    /**
     * The tier registered as {@code groupId}.
     *
     * @param groupId the buffer group id, 0 to 65535
     * @return the tier registered as {@code groupId}
     * @throws IllegalArgumentException when no tier has that group id
     */
    public BufferRing byGroupId(int groupId) {
        checkOpen();
        for (BufferRing r : tiers) {
            if (r.groupId() == groupId) {
                return r;
            }
        }
        throw new IllegalArgumentException("groupId " + groupId + " is not one of these tiers");
    }

    /**
     * Tier {@code index}, 0 being the smallest buffers.
     *
     * @param index tier index, 0 for the smallest buffers
     * @return the tier
     */
    public BufferRing tier(int index) {
        checkOpen();
        if (index < 0 || index >= tiers.length) {
            throw new IllegalArgumentException("index must be from 0 to " + (tiers.length - 1) + "; was " + index);
        }
        return tiers[index];
    }

    /** {@return the number of tiers} */
    public int count() {
        return tiers.length;
    }

    /** {@return true once {@link #close()} has run} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes every tier's ring (see {@link BufferRing#close()}). Idempotent. When one fails, the
     * others are still closed and the first failure is thrown.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        RuntimeException first = null;
        for (BufferRing r : tiers) {
            try {
                r.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
        closed = true;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the buffer tiers are closed");
        }
    }
}
