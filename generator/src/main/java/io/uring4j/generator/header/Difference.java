package io.uring4j.generator.header;

/**
 * One way the spec and a header disagree.
 *
 * @param file the spec file to edit, relative to the spec directory
 * @param text what differs, naming the header file and line
 */
public record Difference(String file, String text) {
    @Override
    public String toString() {
        return file + ": " + text;
    }
}
