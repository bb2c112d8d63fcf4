package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContentLanguageTest {

    /** What Undertow's setLocale writes (language + "-" + country), and what is sent. */
    private static final Map<String, String> VALUES = Map.of(
            "en-", "en",
            "de-DE", "de-DE",
            "fr-CA", "fr-CA",
            "pt-", "pt",
            "en", "en",
            "da, en-GB", "da, en-GB");

    @Test
    void aLocaleWithoutCountryIsSentAsItsLanguageAndOtherValuesAreUntouched() {
        VALUES.forEach((written, sent) -> {
            HeaderMap headers = new HeaderMap().put(Headers.CONTENT_LANGUAGE, written);
            ContentLanguage.repair(headers);
            assertEquals(sent, headers.getFirst(Headers.CONTENT_LANGUAGE), written);
        });
    }

    @Test
    void theRootLocaleSendsNoContentLanguage() {
        HeaderMap headers = new HeaderMap().put(Headers.CONTENT_LANGUAGE, "-");
        ContentLanguage.repair(headers);
        assertFalse(headers.contains(Headers.CONTENT_LANGUAGE));
    }

    @Test
    void aResponseWithoutContentLanguageGetsNone() {
        HeaderMap headers = new HeaderMap();
        ContentLanguage.repair(headers);
        assertFalse(headers.contains(Headers.CONTENT_LANGUAGE));
    }
}
