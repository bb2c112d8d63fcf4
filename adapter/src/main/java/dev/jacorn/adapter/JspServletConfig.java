package dev.jacorn.adapter;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A JSP servlet's configuration with the deployment's defaults (scratch directory, development
 * mode, ...) under its own init parameters, so that every JSP servlet, however it was declared,
 * compiles the same way; and, for a servlet added with {@code addJspFile}, its page above them.
 * Immutable.
 */
final class JspServletConfig implements ServletConfig {

    private final ServletConfig config;
    private final Map<String, String> defaults;
    private final Map<String, String> overrides;

    private JspServletConfig(ServletConfig config, Map<String, String> defaults) {
        this.config = config;
        this.defaults = defaults;
        this.overrides = Map.of();
    }

    /**
     * {@code config} under {@code overrides} (may be null), over the defaults in the context
     * attribute {@code attribute}.
     */
    @SuppressWarnings("unchecked")
    static ServletConfig withDefaults(ServletConfig config, String attribute, Map<String, String> overrides) {
        Map<String, String> defaults = new java.util.HashMap<>();
        if (config.getServletContext().getAttribute(attribute) instanceof Map<?, ?> map) {
            defaults.putAll((Map<String, String>) map);
        }
        ServletConfig base = defaults.isEmpty() ? config : new JspServletConfig(config, Map.copyOf(defaults));
        return overrides == null ? base : new JspServletConfig(base, overrides, true);
    }

    /** {@code overrides} above {@code config}'s own parameters. */
    private JspServletConfig(ServletConfig config, Map<String, String> overrides, boolean above) {
        this.config = config;
        this.defaults = Map.of();
        this.overrides = overrides;
    }

    @Override
    public String getServletName() {
        return config.getServletName();
    }

    @Override
    public ServletContext getServletContext() {
        return config.getServletContext();
    }

    @Override
    public String getInitParameter(String name) {
        if (overrides.containsKey(name)) {
            return overrides.get(name);
        }
        String own = config.getInitParameter(name);
        return own != null ? own : defaults.get(name);
    }

    @Override
    public Enumeration<String> getInitParameterNames() {
        Set<String> names = new LinkedHashSet<>(Collections.list(config.getInitParameterNames()));
        names.addAll(defaults.keySet());
        names.addAll(overrides.keySet());
        return Collections.enumeration(names);
    }
}
