package dev.jacorn.runner.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.adapter.session.MemorySessionStore;
import dev.jacorn.adapter.session.SessionStore.StoredSession;
import dev.jacorn.adapter.session.StoredAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionFileTest {

    @TempDir
    Path dir;

    private static MemorySessionStore storeWith(StoredSession... sessions) {
        MemorySessionStore store = new MemorySessionStore();
        for (StoredSession session : sessions) {
            store.insert(session);
        }
        return store;
    }

    @Test
    void savedSessionsComeBackOnceAndExpiredOnesDoNot() throws Exception {
        long now = System.currentTimeMillis();
        SessionFile file = new SessionFile(dir.resolve("sessions/ROOT.sessions"));
        file.save(storeWith(new StoredSession("live", now - 5000, now, 1800, 7, Map.of("n", StoredAttribute.ofBytes(new byte[] {1, 2, 3}))),
                new StoredSession("old", now - 900_000, now - 600_000, 60, 1, Map.of())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path())));
        MemorySessionStore loaded = new MemorySessionStore();
        assertEquals(1, file.loadInto(loaded));
        StoredSession live = loaded.load("live");
        assertEquals(7, live.version());
        assertArrayEquals(new byte[] {1, 2, 3}, live.attributes().get("n").bytes());
        assertTrue(Files.notExists(file.path()), "deleted once read");
        assertEquals(0, file.loadInto(new MemorySessionStore()));
    }

    @Test
    void moreSessionsThanMaxSessionsLoadIntoTheLimitKeepingTheMostRecentlyUsed() throws Exception {
        long now = System.currentTimeMillis();
        MemorySessionStore saved = new MemorySessionStore();
        for (int i = 0; i < 10; i++) {
            saved.insert(new StoredSession("s" + i, now - 60_000, now - 60_000 + 1 + i, 1800, 1, Map.of()));
        }
        SessionFile file = new SessionFile(dir.resolve("sessions/ROOT.sessions"));
        file.save(saved);
        MemorySessionStore loaded = new MemorySessionStore(4);
        assertEquals(10, file.loadInto(loaded), "read from the file");
        assertTrue(loaded.count() <= 4, "kept: " + loaded.count());
        assertTrue(loaded.load("s9") != null && loaded.load("s8") != null, "the most recently used are kept");
    }

    @Test
    void aFileOthersCouldHaveWrittenIsNotRead() throws Exception {
        long now = System.currentTimeMillis();
        SessionFile file = new SessionFile(dir.resolve("sessions/ROOT.sessions"));
        file.save(storeWith(new StoredSession("planted", now, now, 1800, 1, Map.of())));
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-rw-rw-"));
        MemorySessionStore loaded = new MemorySessionStore();
        assertEquals(0, file.loadInto(loaded));
        assertEquals(0, loaded.count());
        assertTrue(Files.exists(file.path()), "left for the operator to look at");
    }
}
