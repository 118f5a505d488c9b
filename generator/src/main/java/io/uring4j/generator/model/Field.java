package io.uring4j.generator.model;


/**
 * One field of the SQE or CQE. Union members are separate fields at the same offset.
 *
 * @param width     bytes in a normal entry (0 for a field that exists only in a big entry)
 * @param bigWidth  bytes in a big entry (equal to width for fixed-size fields)
 * @param array     a byte array (cmd, big_cqe) rather than a number
 * @param union     name of the union the field belongs to, or null
 * @param publicAccess the generated entry exposes a public setter (no pointers or lengths)
 * @param family    the flag family of its values, or null
 */
public record Field(String name, int offset, int width, int bigWidth, boolean signed, boolean array,
                    String union, boolean publicAccess, Family family, String doc, Loc loc) {

    /** True when the byte ranges of the two fields share at least one byte. */
    public boolean overlaps(Field other) {
        int end = offset + Math.max(width, 1);
        int otherEnd = other.offset + Math.max(other.width, 1);
        return offset < otherEnd && other.offset < end;
    }
}
