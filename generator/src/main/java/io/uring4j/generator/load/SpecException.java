package io.uring4j.generator.load;

import io.uring4j.generator.model.Loc;

/**
 * A spec that breaks a rule. The message names the file and line, the entry, the rule and what
 * was found, e.g. {@code opcodes/file.yaml:12: opcode READ, param buf: [param-field] ...}.
 */
public final class SpecException extends RuntimeException {
    private final Loc loc;
    private final String rule;

    public SpecException(Loc loc, String entry, String rule, String detail) {
        super(loc + ": " + entry + ": [" + rule + "] " + detail);
        this.loc = loc;
        this.rule = rule;
    }

    public Loc loc() {
        return loc;
    }

    /** The short name of the broken rule, stable for tests and tooling. */
    public String rule() {
        return rule;
    }
}
