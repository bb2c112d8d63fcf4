package dev.jacorn.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigResolverTest {

    private static final SettingSource FILE = new SettingSource(SettingSource.Kind.FILE, "jacorn.conf line 2");
    private static final SettingSource ENV = new SettingSource(SettingSource.Kind.ENVIRONMENT, "JACORN_WORKERS");
    private static final SettingSource CLI = new SettingSource(SettingSource.Kind.COMMAND_LINE, "--workers");

    @Test
    void higherLayersWinAndRememberTheirSource() {
        Config config = ConfigResolver.resolve(List.of("app.war"), List.of(
                List.of(new RawValue(Settings.WORKERS, "2", FILE), new RawValue(Settings.THREADS, "4", FILE)),
                List.of(new RawValue(Settings.WORKERS, "3", ENV)),
                List.of(new RawValue(Settings.WORKERS, "5", CLI))));
        assertEquals(5, config.get(Settings.WORKERS));
        assertEquals(CLI, config.sourceOf(Settings.WORKERS));
        assertEquals(4, config.get(Settings.THREADS));
        assertEquals(FILE, config.sourceOf(Settings.THREADS));
        assertEquals(30.0, config.get(Settings.TIMEOUT));
        assertEquals(SettingSource.DEFAULT, config.sourceOf(Settings.TIMEOUT));
    }

    @Test
    void aListGathersWithinALayerAndIsReplacedByAHigherOne() {
        SettingSource bind = new SettingSource(SettingSource.Kind.COMMAND_LINE, "--bind");
        Config fileOnly = ConfigResolver.resolve(List.of(), List.of(List.of(
                new RawValue(Settings.BIND, ":1", FILE), new RawValue(Settings.BIND, ":2", FILE))));
        assertEquals(2, fileOnly.get(Settings.BIND).size());
        Config both = ConfigResolver.resolve(List.of(), List.of(
                List.of(new RawValue(Settings.BIND, ":1", FILE), new RawValue(Settings.BIND, ":2", FILE)),
                List.of(new RawValue(Settings.BIND, ":3", bind))));
        assertEquals(List.of(new BindAddress(null, "0.0.0.0", 3)), both.get(Settings.BIND));
    }

    @Test
    void aBadValueNamesTheSettingItsSourceAndTheValue() {
        SettingException fromFile = assertThrows(SettingException.class, () -> ConfigResolver.resolve(List.of(),
                List.of(List.of(new RawValue(Settings.WORKERS, "lots", FILE)))));
        assertEquals("workers = lots (jacorn.conf line 2) is not valid: it must be a whole number from 1 to 1024.",
                fromFile.getMessage());
        SettingException fromEnv = assertThrows(SettingException.class, () -> ConfigResolver.resolve(List.of(),
                List.of(List.of(new RawValue(Settings.WORKERS, "-3", ENV)))));
        assertEquals("JACORN_WORKERS=-3 is not valid: it must be a whole number from 1 to 1024.",
                fromEnv.getMessage());
    }
}
