package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** One rule for every front end: the thread layout, and memory patterns only for one-row calls. */
class SessionSettingsTest {

    @Test
    void workersShareTheCoresAndOneRowCallsKeepMemoryPatterns() {
        assertEquals(new SessionSettings(1, false, true), SessionSettings.of(null, 2, 2, null));
        assertEquals(new SessionSettings(2, false, true), SessionSettings.of(null, 1, 2, 1));
        assertEquals(new SessionSettings(1, false, true), SessionSettings.of(null, 8, 2, null));
    }

    @Test
    void multiRowBatchesTurnMemoryPatternsOff() {
        assertEquals(new SessionSettings(1, false, false), SessionSettings.of(null, 2, 2, 32));
        assertEquals(new SessionSettings(1, false, false), SessionSettings.of(null, 2, 2, 2));
    }

    @Test
    void explicitIntraOpThreadsWin() {
        assertEquals(new SessionSettings(3, false, true), SessionSettings.of(3, 2, 2, null));
        assertEquals(new SessionSettings(3, false, false), SessionSettings.of(3, 2, 2, 16));
    }
}
