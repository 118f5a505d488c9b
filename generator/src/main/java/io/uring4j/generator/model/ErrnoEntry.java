package io.uring4j.generator.model;

import io.uring4j.generator.load.Loc;

/** A Linux errno (x86_64 values). */
public record ErrnoEntry(String name, int value, String doc, Loc loc) {}
