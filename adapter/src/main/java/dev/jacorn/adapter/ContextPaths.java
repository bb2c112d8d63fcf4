package dev.jacorn.adapter;

/** The one spelling of a context path that Undertow and the router agree on. */
public final class ContextPaths {

    private ContextPaths() {
    }

    /**
     * Normalizes {@code /}, {@code ""}, {@code /api/} and {@code api} to {@code ""} or {@code /api}.
     *
     * @throws AppLoadException when the path holds characters that cannot appear in a context path
     */
    public static String normalize(String raw) {
        String path = raw.strip();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.isEmpty()) {
            return "";
        }
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        for (char c : path.toCharArray()) {
            boolean allowed = Character.isLetterOrDigit(c) || "/-._~".indexOf(c) >= 0;
            if (!allowed || path.contains("//") || path.contains("/../") || path.endsWith("/..")) {
                throw new AppLoadException("Context path " + raw + " is not valid; use letters, digits, '-', '.',"
                        + " '_' and '/' only, for example app.war:/api.");
            }
        }
        return path;
    }
}
