package io.uring4j.generator.header;

import java.util.List;

/**
 * A struct (or union) as a header declares it: members in order, nested anonymous groups kept.
 *
 * @param file header file name, for messages
 */
record CStruct(String name, boolean union, boolean packed, List<Member> members, String file, int line) {

    /** A member: a field or a nested struct/union group. */
    sealed interface Member permits Field, Group {}

    /**
     * A field.
     *
     * @param scalar the scalar type, or null for a struct member ({@code struct} names it)
     * @param count  array length: 1 for a plain field, 0 for a flexible array
     */
    record Field(String name, CType scalar, String struct, int count, int line) implements Member {}

    /** A nested struct or union, named or anonymous (name null). */
    record Group(boolean union, String name, boolean packed, List<Member> members, int line) implements Member {}
}
