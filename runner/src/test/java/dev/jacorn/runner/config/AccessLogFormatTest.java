package dev.jacorn.runner.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessLogFormatTest {

    @Test
    void splitsLiteralsAtomsAndHeaderAtoms() {
        AccessLogFormat format = AccessLogFormat.parse("%(h)s \"%({X-Id}i)s\" %(s)s 100%% %({Server}o)s%({HOME}e)s");
        assertEquals(List.of(
                new AccessLogFormat.Part(null, "h", null),
                new AccessLogFormat.Part(" \"", null, null),
                new AccessLogFormat.Part(null, "i", "X-Id"),
                new AccessLogFormat.Part("\" ", null, null),
                new AccessLogFormat.Part(null, "s", null),
                new AccessLogFormat.Part(" 100% ", null, null),
                new AccessLogFormat.Part(null, "o", "Server"),
                new AccessLogFormat.Part(null, "e", "HOME")), format.parts());
    }

    @Test
    void commonAndCombinedAreTheApacheFormats() {
        assertEquals("%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s", AccessLogFormat.parse("common").text());
        assertEquals("%(h)s %(l)s %(u)s %(t)s \"%(r)s\" %(s)s %(b)s \"%(f)s\" \"%(a)s\"",
                AccessLogFormat.parse("COMBINED").text());
        assertEquals("combined", AccessLogFormat.parse("combined").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "%(x)s        | %(x)s is not a known atom; use h l u t r m U q H s B b f a T M D L p, {Header}i, {Header}o or {VAR}e",
            "%({X-Id}z)s  | %({X-Id}z)s is not a known atom; use h l u t r m U q H s B b f a T M D L p, {Header}i, {Header}o or {VAR}e",
            "50% off      | a % must start an atom such as %(h)s, or be doubled as %%",
            "%(h)         | a % must start an atom such as %(h)s, or be doubled as %%",
    })
    void refusesWhatGunicornWouldNotFormat(String raw, String reason) {
        SettingException e = org.junit.jupiter.api.Assertions.assertThrows(SettingException.class,
                () -> ConfigResolver.resolve(List.of(), List.of(List.of(new RawValue(Settings.ACCESS_LOGFORMAT, raw,
                        new SettingSource(SettingSource.Kind.COMMAND_LINE, "--access-logformat"))))));
        assertEquals("--access-logformat " + raw + " is not valid: " + reason + ".", e.getMessage());
    }
}
