package dev.jacorn.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void everyDefaultPassesItsOwnParser() {
        for (Setting<?> setting : Settings.ALL) {
            Object value = setting.defaultValue();
            if (value == null) {
                continue;
            }
            String text = setting.format(value);
            if (setting.isList() && text.equals("(none)")) {
                continue;
            }
            assertEquals(value, setting.parse(text), setting.name());
        }
    }

    @Test
    void namesFlagsAndVariablesAreUniqueAndEverySettingHasHelp() {
        Set<String> names = new HashSet<>();
        Set<String> shortNames = new HashSet<>();
        for (Setting<?> setting : Settings.ALL) {
            assertTrue(names.add(setting.name()), "duplicate " + setting.name());
            if (setting.shortName() != null) {
                assertTrue(shortNames.add(setting.shortName()), "duplicate " + setting.shortName());
            }
            assertFalse(setting.help().isBlank(), setting.name());
            assertTrue(setting.help().endsWith("."), "help of " + setting.name() + " is a sentence");
            assertTrue(setting.environmentVariable().matches("JACORN_[A-Z0-9_]+"), setting.environmentVariable());
        }
    }
}
