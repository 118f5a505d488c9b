/**
 * uring4j: Linux io_uring for Java, through the FFM API (no JNI, no liburing).
 *
 * <p>Start at {@link io.uring4j.Ring}. The exported packages, from the core outwards:
 * {@code io.uring4j} (ring, options, {@code Sqe}, {@code Cqe}, probe, errors),
 * {@code io.uring4j.register} (what io_uring_register(2) registers),
 * {@code io.uring4j.buffers} (provided buffer rings and groups),
 * {@code io.uring4j.multishot} (multishot subscriptions and the accept listener),
 * {@code io.uring4j.net} (socket addresses and message views),
 * {@code io.uring4j.os} (futex, waitid, spawn, epoll, pipes, memory-lock limits),
 * {@code io.uring4j.context} (user_data packing), and the constants and structs generated from
 * the kernel's uapi ({@code io.uring4j.kernel}, {@code .flags}, {@code .structs}).
 * System calls, ring mappings and argument checks live in {@code io.uring4j.internal}, which is
 * not exported.
 *
 * <p>FFM downcalls are restricted methods: run with {@code --enable-native-access=io.uring4j}
 * on the module path ({@code ALL-UNNAMED} on the class path).
 */
module io.uring4j {
    // The generator marks its sources with a java.compiler annotation of source retention: needed only to compile.
    requires static java.compiler;

    exports io.uring4j;
    exports io.uring4j.buffers;
    exports io.uring4j.context;
    exports io.uring4j.kernel;
    exports io.uring4j.kernel.flags;
    exports io.uring4j.kernel.structs;
    exports io.uring4j.multishot;
    exports io.uring4j.net;
    exports io.uring4j.os;
    exports io.uring4j.register;
}
