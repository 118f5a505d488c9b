package io.uring4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.uring4j.kernel.flags.SqeFlags;
import io.uring4j.testsupport.TestSupport;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Writes through the {@link Sqe} view once the ring memory is gone: every prep method and setter
 * says {@link RingClosedException} and names itself, never FFM's bare "Already closed".
 */
class SqeAfterCloseTest {

    @Test
    void settersOnAPreparedEntryAfterCloseNameTheSetter() {
        Ring ring = Ring.open(4);
        Sqe sqe = ring.nextSqe().nop();
        ring.close();
        RingClosedException e = assertThrows(RingClosedException.class, () -> sqe.userData(1));
        TestSupport.assertMessage(e, "Sqe.userData()");
        e = assertThrows(RingClosedException.class, () -> sqe.flags(SqeFlags.IO_LINK));
        TestSupport.assertMessage(e, "Sqe.flags()");
        e = assertThrows(RingClosedException.class, () -> sqe.personality(0));
        TestSupport.assertMessage(e, "Sqe.personality()");
        e = assertThrows(RingClosedException.class, sqe::fixedFile);
        TestSupport.assertMessage(e, "Sqe.flags()");
    }

    @Test
    void aPrepAfterCloseNamesThePrep() {
        Ring ring = Ring.open(4);
        Sqe sqe = ring.nextSqe();
        ring.close();
        RingClosedException e = assertThrows(RingClosedException.class, () -> sqe.nop());
        TestSupport.assertMessage(e, "Sqe.nop()");
        assertInstanceOf(IllegalStateException.class, e.getCause(), "FFM's error is kept as the cause");
    }

    /**
     * The owner keeps writing user data into its prepared entry while another thread closes the
     * ring: the write that meets the unmapped memory must name the setter.
     */
    @Test
    void aSetterRacingCloseOnAnotherThreadNamesTheSetter() throws Exception {
        for (int round = 0; round < 3; round++) {
            Ring ring = Ring.open(4);
            Sqe sqe = ring.nextSqe().nop();
            CountDownLatch writing = new CountDownLatch(1);
            AtomicReference<Throwable> closeFailed = new AtomicReference<>();
            Thread closer = Thread.ofPlatform().start(() -> {
                try {
                    writing.await();
                    ring.close();
                } catch (Throwable t) {
                    closeFailed.set(t);
                }
            });
            RuntimeException thrown = null;
            long writes = 0;
            try {
                while (true) {
                    sqe.userData(writes++);
                    if (writes == 1000) {
                        writing.countDown();
                    }
                }
            } catch (RuntimeException e) {
                thrown = e;
            }
            // The JDK stops an access racing a shared arena's close with an asynchronous exception,
            // and installing one also sets the thread's interrupt status (JDK 25: in ~1 of 10 races
            // in a plain-FFM loop): not an interrupt anyone asked for, so it must not fail the join.
            Thread.interrupted();
            closer.join();
            assertEquals(null, closeFailed.get(), "close on the other thread");
            assertNotNull(thrown);
            RingClosedException closed = assertInstanceOf(RingClosedException.class, thrown,
                    "a write racing close: " + thrown);
            TestSupport.assertMessage(closed, "Sqe.userData()");
        }
    }
}
