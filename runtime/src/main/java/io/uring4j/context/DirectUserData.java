package io.uring4j.context;

import io.uring4j.internal.Checks;
import io.uring4j.kernel.Opcode;

/**
 * Direct mode of {@code user_data}: the request's identity (opcode, SQE flags, buffer group, fd)
 * packed into the 64 bits the kernel hands back unchanged in the CQE, so simple requests need no
 * per-request state at all.
 *
 * <p>Bit layout of a direct value:
 * <table>
 *   <caption>direct user_data</caption>
 *   <tr><th>bits</th><th>width</th><th>field</th><th>range</th></tr>
 *   <tr><td>63</td><td>1</td><td>mode tag, 0 = direct</td><td>0</td></tr>
 *   <tr><td>56..62</td><td>7</td><td>opcode ({@code IORING_OP_*})</td><td>0..127</td></tr>
 *   <tr><td>48..55</td><td>8</td><td>SQE flags ({@code IOSQE_*})</td><td>0..255</td></tr>
 *   <tr><td>32..47</td><td>16</td><td>buffer group</td><td>0..65535</td></tr>
 *   <tr><td>0..31</td><td>32</td><td>fd (signed; -1 round-trips)</td><td>any int</td></tr>
 * </table>
 *
 * <p>Bit 63 is the mode tag shared with {@link ContextPool}: a value with it set is an
 * extended-mode token, so one ring can mix both modes and a completion handler branches on
 * {@link #isDirect(long)} first. Every direct value is a non-negative {@code long}.
 *
 * <p>Example:
 * {@snippet class=io.uring4j.snippets.Snippets region=directUserData}
 * <p>All methods are static, allocation-free and thread-safe.
 */
public final class DirectUserData {
    /** Bit 63: clear for a direct value, set for a {@link ContextPool} token. */
    static final long EXTENDED_TAG = 1L << 63;

    private static final int OPCODE_SHIFT = 56;
    private static final int FLAGS_SHIFT = 48;
    private static final int GROUP_SHIFT = 32;
    private static final int OPCODE_MASK = 0x7F;
    private static final int FLAGS_MASK = 0xFF;
    private static final int GROUP_MASK = 0xFFFF;

    /** The largest opcode the layout can hold (7 bits; io_uring opcodes stay below it). */
    public static final int MAX_OPCODE = OPCODE_MASK;

    private DirectUserData() {}

    /**
     * Packs a request's identity into a direct {@code user_data} value.
     *
     * @param opcode      the {@code IORING_OP_*} value, 0..{@value #MAX_OPCODE}
     * @param sqeFlags    the {@code IOSQE_*} flags, 0..255
     * @param bufferGroup the provided-buffer group, 0..65535 (0 when unused)
     * @param fd          the file descriptor or fixed-file index; any int, -1 included
     * @return a non-negative value with the mode bit clear
     * @throws IllegalArgumentException naming the part that is out of range
     */
    public static long pack(int opcode, int sqeFlags, int bufferGroup, int fd) {
        if ((opcode & ~OPCODE_MASK) != 0) {
            throw new IllegalArgumentException("opcode must be in 0.." + MAX_OPCODE + "; was " + opcode);
        }
        Checks.u8(sqeFlags, "sqeFlags");
        Checks.u16(bufferGroup, "bufferGroup");
        return (long) opcode << OPCODE_SHIFT
                | (long) sqeFlags << FLAGS_SHIFT
                | (long) bufferGroup << GROUP_SHIFT
                | (fd & 0xFFFF_FFFFL);
    }

    /**
     * Like {@link #pack(int, int, int, int)}, taking the opcode from the generated enum.
     *
     * @param opcode an {@code IORING_OP_*} value (see {@link io.uring4j.kernel.Opcode})
     * @param sqeFlags {@link io.uring4j.kernel.flags.SqeFlags} bits
     * @param fd the file descriptor
     * @param bufferGroup a buffer group id, 0 to 65535
     * @return the packed {@code user_data}
     * @throws IllegalArgumentException if {@code opcode} is null or another part is out of range
     */
    public static long pack(Opcode opcode, int sqeFlags, int bufferGroup, int fd) {
        if (opcode == null) {
            throw new IllegalArgumentException("opcode must not be null");
        }
        return pack(opcode.value(), sqeFlags, bufferGroup, fd);
    }

    /**
     * {@return true if {@code userData} is a direct value (bit 63 clear)}
     *
     * @param userData the {@code user_data} to match or to set
     */
    public static boolean isDirect(long userData) {
        return userData >= 0;
    }

    /**
     * {@return true if {@code userData} is an extended-mode token (bit 63 set), see {@link ContextPool}}
     *
     * @param userData the {@code user_data} to match or to set
     */
    public static boolean isExtended(long userData) {
        return userData < 0;
    }

    /**
     * The opcode of a direct value.
     *
     * @param userData the {@code user_data} to match or to set
     * @return the opcode value
     * @throws IllegalArgumentException if {@code userData} is an extended-mode token
     */
    public static int opcode(long userData) {
        return (int) (direct(userData) >>> OPCODE_SHIFT) & OPCODE_MASK;
    }

    /**
     * The SQE flags of a direct value.
     *
     * @param userData the {@code user_data} to match or to set
     * @return the SQE flags
     * @throws IllegalArgumentException if {@code userData} is an extended-mode token
     */
    public static int sqeFlags(long userData) {
        return (int) (direct(userData) >>> FLAGS_SHIFT) & FLAGS_MASK;
    }

    /**
     * The buffer group of a direct value.
     *
     * @param userData the {@code user_data} to match or to set
     * @return the buffer group id
     * @throws IllegalArgumentException if {@code userData} is an extended-mode token
     */
    public static int bufferGroup(long userData) {
        return (int) (direct(userData) >>> GROUP_SHIFT) & GROUP_MASK;
    }

    /**
     * The fd of a direct value, sign included.
     *
     * @param userData the {@code user_data} to match or to set
     * @return the fd
     * @throws IllegalArgumentException if {@code userData} is an extended-mode token
     */
    public static int fd(long userData) {
        return (int) direct(userData);
    }

    // Unpacking a token as if it were direct would silently yield garbage; one sign test prevents it.
    private static long direct(long userData) {
        if (userData < 0) {
            throw notDirect(userData);
        }
        return userData;
    }

    private static IllegalArgumentException notDirect(long userData) {
        return new IllegalArgumentException("userData must be a direct value (bit 63 clear); was 0x"
                + Long.toHexString(userData) + ", an extended-mode token: resolve it with its ContextPool");
    }
}
