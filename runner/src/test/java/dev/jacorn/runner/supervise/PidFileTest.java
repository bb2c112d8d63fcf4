package dev.jacorn.runner.supervise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @Test
    void writesOurPidReplacesAStaleFileAndRemovesItOnClose(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jacorn.pid");
        Files.writeString(file, "999999999\n");
        try (PidFile pid = PidFile.write(file)) {
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(file).strip());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void refusesAFileNamingAnotherRunningProcess(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("jacorn.pid");
        long other = ProcessHandle.current().parent().orElseThrow().pid();
        Files.writeString(file, other + "\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PidFile.write(file));
        assertEquals("The pid file in --pid " + file + " belongs to process " + other
                + ", which is still running; stop it or choose another --pid file.", e.getMessage());
    }
}
