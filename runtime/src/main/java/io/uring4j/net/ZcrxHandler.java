package io.uring4j.net;

/**
 * What a {@link ZcrxReceiver} calls from {@link ZcrxReceiver#onCompletion}: Go's {@code ZCRXHandler}.
 * Both run on the ring's owner thread, inside the caller's reaping.
 */
public interface ZcrxHandler {
    /**
     * Data arrived in the area. The buffer is the application's until it calls
     * {@link ZcrxBuffer#release()}, which gives the memory back to the kernel; until then the NIC
     * cannot reuse it, so hold buffers briefly. Do not touch the view after releasing it: it is
     * reused for later data.
     *
     * @param buffer where the bytes lie
     */
    void onData(ZcrxBuffer buffer);

    /**
     * The receive ended: no more {@link #onData} until the next {@link ZcrxReceiver#start}.
     *
     * @param res 0 when the peer closed or the receive limit was reached; {@code -ECANCELED} after
     *     {@link ZcrxReceiver#stop()}; another {@code -errno} when the kernel refused or failed it
     */
    void onEnd(int res);
}
