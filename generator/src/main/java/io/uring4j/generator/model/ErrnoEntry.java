package io.uring4j.generator.model;


/** A Linux errno (x86_64 values). */
public record ErrnoEntry(String name, int value, String doc, Loc loc) {}
