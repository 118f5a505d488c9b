package io.uring4j;

import io.uring4j.kernel.flags.MsgRingFlags;

/**
 * Typed {@code IORING_OP_MSG_RING} requests between rings: post a completion on another ring,
 * or hand it one of this ring's registered files. Both rings may belong to different threads
 * (the usual way to wake a thread that waits on its own ring) or to one.
 *
 * <p>What each side sees:
 * <ul>
 * <li>{@link #post}: the target gets a CQE with the chosen {@code res} and {@code user_data} (and
 *     no flags); the sender's own CQE has {@code res} 0, or {@code -EOVERFLOW} when the target's
 *     CQ could not take it, {@code -EBADFD} when the target is disabled.</li>
 * <li>{@link #sendFile}: the file in the sender's registered slot {@code sourceSlot} is installed
 *     in the target's registered slot {@code targetSlot} (replacing what was there) or, with -1,
 *     in a free one. The target gets a CQE with the chosen {@code user_data} and {@code res} = the
 *     slot index used (0 when a slot was named), unless {@link #sendFileQuietly} was used. The
 *     sender's CQE has the same {@code res}, or {@code -EBADF} (empty source slot), {@code -ENFILE}
 *     (no free target slot), {@code -EINVAL} (target has no file table or slot out of range).</li>
 * </ul>
 * The target's file table must exist (registered, e.g. sparse) before the file is sent.
 *
 * <p>Example:
 * <pre>{@code
 * RingMessages.post(ring.nextSqe(), worker, 42, WAKE_UP).userData(1);
 * RingMessages.sendFile(ring.nextSqe(), worker, 0, 5, NEW_CONNECTION).userData(2);
 * ring.submit();
 * // on the worker's thread: a CQE with user_data WAKE_UP and res 42, then one with
 * // user_data NEW_CONNECTION and res 0; slot 5 now holds the file (use it with SqeFlags.FIXED_FILE)
 * }</pre>
 */
public final class RingMessages {
    private RingMessages() {}

    /**
     * Prepares {@code sqe} to post a completion with {@code res} and {@code userData} on {@code target}.
     *
     * @param sqe      the SQE to fill, from the sending ring
     * @param target   the ring that gets the completion
     * @param res      the {@code res} of the posted completion
     * @param userData the {@code user_data} of the posted completion
     * @return the sqe, to set its own flags and user_data
     * @throws IllegalArgumentException when sqe or target is null, or target is closed
     */
    public static Sqe post(Sqe sqe, Ring target, int res, long userData) {
        checkArgs(sqe, target);
        return sqe.msgRing(target.fd(), res, userData);
    }

    /**
     * Prepares {@code sqe} to install the submitting ring's registered file {@code sourceSlot} in
     * {@code target}'s slot {@code targetSlot} (-1: a free slot the kernel picks), posting a
     * completion with {@code userData} there.
     *
     * @param sqe        the SQE to fill, from the sending ring
     * @param target     the ring that gets the file
     * @param sourceSlot the sending ring's registered-file slot
     * @param targetSlot the target's slot, or -1 for one the kernel picks
     * @param userData   the {@code user_data} of the target's completion
     * @return the sqe, to set its own flags and user_data
     * @throws IllegalArgumentException when sqe or target is null, target is closed, sourceSlot is
     *                                  negative or targetSlot below -1
     */
    public static Sqe sendFile(Sqe sqe, Ring target, int sourceSlot, int targetSlot, long userData) {
        return sendFile(sqe, target, sourceSlot, targetSlot, userData, 0);
    }

    /**
     * Like {@link #sendFile}, but the target ring gets no completion ({@code MSG_RING_CQE_SKIP}):
     * for a target that learns about the file another way.
     *
     * @param sqe        the SQE to fill, from the sending ring
     * @param target     the ring that gets the file
     * @param sourceSlot the sending ring's registered-file slot
     * @param targetSlot the target's slot, or -1 for one the kernel picks
     * @return the sqe, to set its own flags and user_data
     */
    public static Sqe sendFileQuietly(Sqe sqe, Ring target, int sourceSlot, int targetSlot) {
        return sendFile(sqe, target, sourceSlot, targetSlot, 0L, MsgRingFlags.CQE_SKIP);
    }

    private static Sqe sendFile(Sqe sqe, Ring target, int sourceSlot, int targetSlot, long userData, int flags) {
        checkArgs(sqe, target);
        if (sourceSlot < 0) {
            throw new IllegalArgumentException("sourceSlot must be a registered-file index >= 0; was " + sourceSlot);
        }
        return sqe.msgRingSendFd(target.fd(), sourceSlot, targetSlot, userData, flags);
    }

    private static void checkArgs(Sqe sqe, Ring target) {
        if (sqe == null) {
            throw new IllegalArgumentException("sqe must not be null (the SQ was full: submit, then ask again)");
        }
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        if (target.isClosed()) {
            throw new IllegalArgumentException("target ring is closed");
        }
    }
}
