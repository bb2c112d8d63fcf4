package dev.jacorn.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md is generated from the registry: this test fails when it is stale, and rewrites
 * it when run with {@code -Djacorn.writeReference=true}.
 */
class SettingsReferenceTest {

    private static final Path REFERENCE = Path.of("../docs/settings.md");

    @Test
    void theCommittedReferenceMatchesTheRegistry() throws IOException {
        String expected = SettingsReference.render();
        if (Boolean.getBoolean("jacorn.writeReference")) {
            Files.writeString(REFERENCE, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, Files.readString(REFERENCE, StandardCharsets.UTF_8),
                "docs/settings.md is stale; regenerate it with: mvn -B -pl runner -am test"
                        + " -Dtest=SettingsReferenceTest -Dsurefire.failIfNoSpecifiedTests=false"
                        + " -Djacorn.writeReference=true");
    }

    @Test
    void everySettingIsInTheReferenceWithItsVariable() {
        String reference = SettingsReference.render();
        for (Setting<?> setting : Settings.ALL) {
            assertEquals(true, reference.contains("### " + setting.name() + "\n"), setting.name());
            assertEquals(true, reference.contains("`" + setting.environmentVariable() + "`"), setting.name());
        }
    }
}
