package io.uring4j.generator.model;

/** A place in a spec file: the file's name relative to the spec directory and a 1-based line. */
public record Loc(String file, int line) {
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line : file;
    }
}
