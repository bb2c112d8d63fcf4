package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jacorn.runner.testing.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppWatcherTest {

    @Test
    void fingerprintChangesWhenAFileInAWatchedDirectoryChangesOrAppears(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("WEB-INF/classes"));
        Files.writeString(dir.resolve("WEB-INF/classes/A.class"), "one");
        AppWatcher watcher = new AppWatcher(List.of(dir), Duration.ofSeconds(1), () -> { });
        String before = watcher.fingerprint();
        assertEquals(before, watcher.fingerprint());
        Files.writeString(dir.resolve("WEB-INF/classes/A.class"), "three");
        String changed = watcher.fingerprint();
        assertNotEquals(before, changed);
        Files.writeString(dir.resolve("WEB-INF/classes/B.class"), "");
        assertNotEquals(changed, watcher.fingerprint());
    }

    @Test
    void aChangeReloadsOnceAndOnlyAfterAPollThatSawNoFurtherChange(@TempDir Path dir) throws Exception {
        Path war = dir.resolve("app.war");
        Files.writeString(war, "v1");
        AppWatcher watcher = new AppWatcher(List.of(war), Duration.ofSeconds(1), () -> { });
        watcher.baseline();
        assertFalse(watcher.settledChange(), "nothing changed");
        Files.writeString(war, "v2-partial");
        assertFalse(watcher.settledChange(), "still being written: wait one more poll");
        Files.writeString(war, "v2-partial-and-more");
        assertFalse(watcher.settledChange(), "still being written: wait one more poll");
        assertTrue(watcher.settledChange(), "unchanged for a whole poll: reload");
        assertFalse(watcher.settledChange(), "reloaded already");
        Files.delete(war);
        assertFalse(watcher.settledChange());
        assertTrue(watcher.settledChange(), "a removed file is a change too");
    }

    @Test
    void theWatcherThreadAsksForAReloadWhenTheFileChanges(@TempDir Path dir) throws Exception {
        Path war = dir.resolve("app.war");
        Files.writeString(war, "v1");
        AtomicInteger reloads = new AtomicInteger();
        try (AppWatcher watcher = new AppWatcher(List.of(war), Duration.ofMillis(50), reloads::incrementAndGet)) {
            watcher.start();
            Path next = dir.resolve("app.war.tmp");
            Files.writeString(next, "v2, longer");
            Files.move(next, war, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Await.poll(Duration.ofSeconds(20), () -> reloads.get() > 0 ? true : null);
            assertEquals(1, reloads.get());
        }
    }
}
