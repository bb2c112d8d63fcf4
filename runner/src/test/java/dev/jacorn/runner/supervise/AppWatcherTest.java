package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void aFileStillBeingWrittenReloadsOnceAfterItSettles(@TempDir Path dir) throws Exception {
        Path war = dir.resolve("app.war");
        Files.writeString(war, "v1");
        AtomicInteger reloads = new AtomicInteger();
        try (AppWatcher watcher = new AppWatcher(List.of(war), Duration.ofMillis(100), reloads::incrementAndGet)) {
            watcher.start();
            Thread.sleep(250);
            // A slow copy: the file grows for a while, each step sooner than the poll interval.
            for (int i = 0; i < 15; i++) {
                Files.writeString(war, "v2".repeat(i + 2));
                Thread.sleep(30);
            }
            long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (reloads.get() == 0 && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            assertEquals(1, reloads.get());
        }
    }
}
