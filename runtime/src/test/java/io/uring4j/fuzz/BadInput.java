package io.uring4j.fuzz;

/**
 * One bad input of the corpus: a call through the public API and what it must lead to.
 *
 * @param name   what the case does, e.g. {@code read: buf heap segment}
 * @param param  the parameter the refusal must name
 * @param expect the outcomes that are right for it
 * @param action the call; for a prep method it prepares the entry it is given, which the runner
 *               then submits and waits for
 */
record BadInput(String name, String param, Expect expect, Action action) {

    /** What a case may lead to. */
    enum Expect {
        /** Refused before the kernel by an IllegalArgumentException/IllegalStateException naming the parameter. */
        REFUSED,
        /** Refused by name, or a typed errno from the kernel; success would be a silent wrong outcome. */
        REFUSED_OR_ERRNO,
        /** The value may be legal: refused by name, a typed errno, or a completion that arrives. */
        DEFINED
    }

    /** The call under test. */
    @FunctionalInterface
    interface Action {
        /**
         * Runs the call. A prep-method case takes its entry from {@link Kit#sqe()}; the runner then
         * submits it and waits for its completion.
         *
         * @param kit the corpus's ring and memory
         * @throws Throwable whatever the call throws
         */
        void run(Kit kit) throws Throwable;
    }
}
