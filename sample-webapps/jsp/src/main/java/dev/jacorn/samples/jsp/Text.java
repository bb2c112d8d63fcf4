package dev.jacorn.samples.jsp;

import java.util.Locale;

/** EL functions declared in WEB-INF/tlds/text.tld. */
public final class Text {

    private Text() {
    }

    public static String shout(String text) {
        return text == null ? "" : text.toUpperCase(Locale.ROOT) + "!";
    }
}
