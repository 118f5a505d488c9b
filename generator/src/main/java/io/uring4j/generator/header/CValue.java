package io.uring4j.generator.header;

/**
 * An integer constant of a C header with the C type facts that change its value: 32 or 64 bits,
 * signed or not ({@code ~0U} is 0xffffffff, {@code ~0} is -1, {@code ~0ULL} is all 64 bits).
 */
record CValue(long value, boolean wide, boolean unsigned) {

    static CValue of(long value, boolean wide, boolean unsigned) {
        if (wide) {
            return new CValue(value, true, unsigned);
        }
        return new CValue(unsigned ? value & 0xFFFF_FFFFL : (int) value, false, unsigned);
    }

    /** The usual arithmetic conversions, roughly: the wider operand wins, unsigned wins at equal width. */
    CValue with(long v, CValue other) {
        boolean w = wide || other.wide;
        boolean u = (wide == other.wide) ? unsigned || other.unsigned : (wide ? unsigned : other.unsigned);
        return of(v, w, u);
    }

    /** True when a spec number means this value (a 32-bit constant may be written as -1 or 0xffffffff). */
    boolean matches(long spec) {
        return spec == value || (!wide && (spec & 0xFFFF_FFFFL) == (value & 0xFFFF_FFFFL));
    }

    String hex() {
        if (value >= 0 && value <= 9 || value < 0 && !unsigned && value >= -4096) {
            return Long.toString(value);
        }
        return "0x" + Long.toHexString(wide ? value : value & 0xFFFF_FFFFL);
    }
}
