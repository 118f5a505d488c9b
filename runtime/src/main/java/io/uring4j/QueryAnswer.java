package io.uring4j;

import io.uring4j.kernel.Errno;

/**
 * The answer to one {@code IORING_REGISTER_QUERY} type: either the kernel's values, or the fact
 * that this kernel does not know the query type, with the Linux version that added it (from the
 * spec) and the errno the kernel gave. A query type the kernel lacks is an answer, not an error.
 *
 * {@snippet class=io.uring4j.snippets.ZeroCopyReceiveSnippets region=queryZcrx}
 *
 * @param <T> the answer's type
 */
public sealed interface QueryAnswer<T> permits QueryAnswer.Known, QueryAnswer.NotOnThisKernel {

    /** {@return true when the kernel answered with values} */
    boolean known();

    /**
     * {@return the values}
     *
     * @throws UnsupportedOperationException naming the query type and the Linux version it needs
     */
    T orElseThrow();

    /**
     * The kernel's values.
     *
     * @param value what the kernel wrote
     * @param <T> the answer's type
     */
    record Known<T>(T value) implements QueryAnswer<T> {
        @Override
        public boolean known() {
            return true;
        }

        @Override
        public T orElseThrow() {
            return value;
        }
    }

    /**
     * The running kernel does not know the query type.
     *
     * @param query the query type's C name, e.g. {@code IO_URING_QUERY_ZCRX}
     * @param needsLinux the Linux version that added it, e.g. {@code "6.19"}
     * @param answer what the kernel said instead (EOPNOTSUPP from 6.18 for a type it does not
     *     know; EINVAL before 6.18, which has no IORING_REGISTER_QUERY at all)
     * @param running the running kernel's release
     * @param <T> the answer's type
     */
    record NotOnThisKernel<T>(String query, String needsLinux, Errno answer, String running)
            implements QueryAnswer<T> {
        @Override
        public boolean known() {
            return false;
        }

        @Override
        public T orElseThrow() {
            throw new UnsupportedOperationException(message());
        }

        /** {@return e.g. "IO_URING_QUERY_ZCRX needs Linux 6.19; this kernel (6.18.0) answered EOPNOTSUPP"} */
        public String message() {
            return query + " needs Linux " + needsLinux + "; this kernel (" + running + ") answered " + answer.name();
        }
    }
}
