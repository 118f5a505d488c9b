package io.uring4j.net;

import io.uring4j.Cqe;
import io.uring4j.kernel.flags.ZcrxAreaFlags;

/**
 * Reads a {@code RECV_ZC} completion: {@code res} is the byte count, and the 32-byte entry's
 * extra half is an {@code io_uring_zcrx_cqe} whose {@code off} packs the area id above
 * {@link ZcrxAreaFlags#SHIFT} and the data's offset in that area below it.
 */
public final class ZcrxCompletion {
    private ZcrxCompletion() {}

    /**
     * {@return the raw {@code io_uring_zcrx_cqe.off} of a 32-byte completion}
     *
     * @param cqe a RECV_ZC completion
     * @throws IllegalArgumentException when the entry is a 16-byte one (no zcrx part)
     */
    public static long rawOffset(Cqe cqe) {
        if (cqe.size() < Cqe.BIG_SIZE) {
            throw new IllegalArgumentException("cqe must be a 32-byte entry (a CQE32 ring, or CQE_MIXED with"
                    + " the CQE32 flag): a RECV_ZC completion carries io_uring_zcrx_cqe in its second half");
        }
        return cqe.bigCqe(0);
    }

    /**
     * {@return the data's offset in its area, from a raw {@code off}}
     *
     * @param off io_uring_zcrx_cqe.off
     */
    public static long areaOffset(long off) {
        return off & ~ZcrxAreaFlags.MASK;
    }

    /**
     * {@return the area id, from a raw {@code off}}
     *
     * @param off io_uring_zcrx_cqe.off
     */
    public static int areaId(long off) {
        return (int) ((off & ZcrxAreaFlags.MASK) >>> ZcrxAreaFlags.SHIFT);
    }
}
