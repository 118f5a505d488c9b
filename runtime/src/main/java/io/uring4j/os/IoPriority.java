package io.uring4j.os;

import io.uring4j.kernel.flags.IoPrioClass;
import io.uring4j.kernel.flags.IoPrioLayout;

/**
 * I/O priority values for the {@code ioprio} parameter of READ, WRITE and their variants: a
 * scheduling class and a level in one 16-bit number, as {@code IOPRIO_PRIO_VALUE} builds it.
 *
 * <p>The block layer honours the priority only under an I/O scheduler that reads it (mq-deadline,
 * BFQ); elsewhere the kernel accepts and ignores it. The RT class needs CAP_SYS_ADMIN or
 * CAP_SYS_NICE: without it the request completes with {@code -EPERM}.
 *
 * {@snippet class=io.uring4j.snippets.IoPrioritySnippets region=ioPriority}
 */
public final class IoPriority {
    private IoPriority() {
    }

    /**
     * The priority value of a class and level.
     *
     * @param ioClass one of {@link IoPrioClass} ({@code NONE}, {@code RT}, {@code BE}, {@code IDLE})
     * @param level 0 (highest) to 7 (lowest); must be 0 for {@code NONE} and {@code IDLE}, which have
     *     no levels
     * @return the value for a prep method's {@code ioprio} parameter
     * @throws IllegalArgumentException if the class is unknown or the level is outside its range
     */
    public static int of(int ioClass, int level) {
        if (ioClass < IoPrioClass.NONE || ioClass > IoPrioClass.IDLE) {
            throw new IllegalArgumentException("ioClass must be an IoPrioClass value (0 to "
                    + IoPrioClass.IDLE + "), was " + ioClass);
        }
        boolean levelled = ioClass == IoPrioClass.RT || ioClass == IoPrioClass.BE;
        int maxLevel = levelled ? IoPrioLayout.NR_LEVELS - 1 : 0;
        if (level < 0 || level > maxLevel) {
            throw new IllegalArgumentException("level must be 0 to " + maxLevel + " for class "
                    + IoPrioClass.describe(ioClass) + ", was " + level);
        }
        return (ioClass << IoPrioLayout.CLASS_SHIFT) | level;
    }

    /**
     * The class of a priority value.
     *
     * @param ioprio a value from {@link #of} or the kernel
     * @return its {@link IoPrioClass}
     */
    public static int ioClass(int ioprio) {
        return (ioprio & 0xffff) >>> IoPrioLayout.CLASS_SHIFT;
    }

    /**
     * The level of a priority value.
     *
     * @param ioprio a value from {@link #of} or the kernel
     * @return its level (0 for classes without levels)
     */
    public static int level(int ioprio) {
        return ioprio & (IoPrioLayout.NR_LEVELS - 1);
    }
}
