package dev.jacorn.runner.config;

import java.util.List;

/**
 * Settings of JSP compilation, listed in the "Application" section; read only for applications that
 * have JSP pages. Registered in {@link Settings#ALL}.
 */
public final class JspSettings {

    private JspSettings() {
    }

    public static final Setting<Boolean> JSP_DEVELOPMENT = Setting.flag("jsp-development")
            .section(Section.APPLICATION).defaultValue(false)
            .help("Check each JSP page for changes when it is requested (at most once a second) and recompile a"
                    + " changed one without a reload; for editing an exploded WAR.")
            .build();

    public static final Setting<Boolean> JSP_PRECOMPILE = Setting.flag("jsp-precompile")
            .section(Section.APPLICATION).defaultValue(false)
            .help("Compile every JSP page while a worker boots, so that a page that does not compile fails the"
                    + " start (exit 3) or the reload (the old workers keep serving) instead of its first request.")
            .build();

    static final List<Setting<?>> ALL = List.of(JSP_DEVELOPMENT, JSP_PRECOMPILE);
}
