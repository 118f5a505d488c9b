package io.uring4j.testkit;

import io.uring4j.Ring;
import java.util.HashMap;
import java.util.Map;

/**
 * What one scenario holds: the entry under test, its scene (ring, fixtures, arena), the
 * completions, registrations and second rings. The verbs that use it are split by group:
 * {@link FixtureVerbs} (fixtures), {@link CheckVerbs} (steps and checks), {@link OpScenario}
 * (requests, completions, references and lifecycle).
 */
abstract class ScenarioState {
    /** Ring size of a scenario: scenarios queue a handful of requests. */
    static final int ENTRIES = 64;

    final String entry;
    final Scene scene;
    final Completions completions;
    final Registrations registrations;
    /** Second rings by fixture name, and their completions (made on the first check). */
    final Map<String, Ring> rings = new HashMap<>();
    final Map<String, Completions> ringCompletions = new HashMap<>();

    ScenarioState(String entry, Ring ring) {
        this.entry = entry;
        this.scene = new Scene(ring);
        this.completions = new Completions(ring);
        this.registrations = new Registrations(ring, scene.arena);
    }
}
