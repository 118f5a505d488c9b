package io.uring4j;

/**
 * Entries taken from the SQ in bulk: {@link Ring#reserve(int)} checks the calling thread and the
 * room in the SQ once for {@code n} entries, then {@link #next(long)} positions the ring's
 * {@link Sqe} view on each reserved slot in turn, its user_data already set. A prep method fills
 * the entry as with {@link Ring#nextSqe()}; {@link Ring#submit()} (or any submitting call) hands
 * the entries to the kernel. Per entry this costs less than {@code nextSqe().prep(...).userData(u)}:
 * no thread-policy or room check beyond a bound, no separate user_data store.
 *
 * {@snippet class=io.uring4j.snippets.BatchSnippets region=reserve}
 *
 * <p>Rules, all checked:
 * <ul>
 * <li>{@code next} hands out at most the reserved number of entries; one more throws. Entries not
 *     taken are simply not used.</li>
 * <li>The reservation ends at the next submit (any submitting call) and when an entry is taken
 *     another way ({@link Ring#nextSqe()}, {@link Ring#tryNextSqe()}, {@link Ring#nextSqe128()}):
 *     the slots it promised may be gone, so {@code next} throws until the next {@code reserve}.
 *     A {@link Ring#resize} ends it too.</li>
 * <li>As with {@code nextSqe()}, an entry taken and not prepared (its prep method threw) is taken
 *     back by the next {@code next} or submit: {@code next} reuses its slot, nothing stale is
 *     submitted.</li>
 * <li>Only a thread allowed to submit may call {@code next} (the owner of a single-issuer ring; on
 *     a multi-issuer ring, the holder of {@link Ring#submitLock()}); after {@link Ring#close()} it
 *     throws {@link RingClosedException}.</li>
 * </ul>
 * The batch is the ring's one reusable object (as the {@code Sqe} view is): nothing is allocated.
 */
public final class SqeBatch {
    private final Ring ring;

    SqeBatch(Ring ring) {
        this.ring = ring;
    }

    /**
     * The ring's {@link Sqe} view on the next reserved slot, to be filled by one prep method; the
     * entry's user_data is {@code userData} (the prep writes it; {@link Sqe#userData(long)} after
     * the prep replaces it).
     *
     * @param userData the value the entry's completion carries back
     * @return the view, never null
     * @throws IllegalStateException when every reserved entry was taken, the reservation ended
     *                               (see the class description), or on the wrong thread
     * @throws RingClosedException   after close
     */
    public Sqe next(long userData) {
        Ring r = ring;
        if (r.closed) {
            throw new RingClosedException("SqeBatch.next");
        }
        Thread o = r.owner;
        if (o != null ? Thread.currentThread() != o : !r.submitLock.isHeldByCurrentThread()) {
            r.checkSubmitter(); // throws, naming the thread rule
        }
        Sqe s = r.sq.nextReserved(userData);
        if (s == null) {
            throw new IllegalStateException("SqeBatch.next: no reserved entry left: all were taken, or the"
                    + " reservation ended (a submit, or an entry taken by nextSqe()); call ring.reserve(n) first");
        }
        return s;
    }

    /**
     * Like {@link #next(long)} with user_data 0.
     *
     * @return the view, never null
     */
    public Sqe next() {
        return next(0L);
    }

    /**
     * Reserved entries {@link #next(long)} can still hand out: 0 once the reservation is used up
     * or ended.
     *
     * @return the count
     */
    public int remaining() {
        ring.checkSubmitter();
        return ring.sq.reservedLeft();
    }
}
