package io.uring4j.generator.header;

import java.util.List;
import java.util.Map;

/**
 * What a set of uapi headers declares: named integer constants (in header order) and structs.
 *
 * @param files the header files read, in order, including the ones reached through #include
 */
record CHeader(Map<String, HeaderConstant> constants, Map<String, CStruct> structs, List<String> files) {
    CHeader {
        constants = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(constants));
        structs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(structs));
        files = List.copyOf(files);
    }
}
