package dev.jacorn.adapter;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.ErrorPage;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.ListenerInfo;
import io.undertow.servlet.api.MimeMapping;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.ServletSessionConfig;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.Servlet;
import jakarta.servlet.SessionTrackingMode;
import java.util.EnumSet;
import java.util.EventListener;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.metadata.javaee.spec.ParamValueMetaData;
import org.jboss.metadata.javaee.spec.SecurityRoleRefMetaData;
import org.jboss.metadata.web.spec.CookieConfigMetaData;
import org.jboss.metadata.web.spec.ErrorPageMetaData;
import org.jboss.metadata.web.spec.FilterMappingMetaData;
import org.jboss.metadata.web.spec.FilterMetaData;
import org.jboss.metadata.web.spec.ListenerMetaData;
import org.jboss.metadata.web.spec.LocaleEncodingMetaData;
import org.jboss.metadata.web.spec.MimeMappingMetaData;
import org.jboss.metadata.web.spec.MultipartConfigMetaData;
import org.jboss.metadata.web.spec.ServletMappingMetaData;
import org.jboss.metadata.web.spec.ServletMetaData;
import org.jboss.metadata.web.spec.SessionConfigMetaData;
import org.jboss.metadata.web.spec.SessionTrackingModeType;
import org.jboss.metadata.web.spec.WebCommonMetaData;
import org.jboss.metadata.web.spec.WebMetaData;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers what one deployment descriptor (web.xml or a web-fragment.xml) declares: servlets,
 * filters, listeners and their mappings, context params, welcome files, error pages, session
 * config, mime mappings, locale encodings and default encodings. Security is
 * {@link DeclaredSecurity}'s job.
 *
 * <p>Descriptors are applied web.xml first, then fragments in order, merged as the specification
 * (8.2.3) and Tomcat merge them: a servlet or filter declared again under the same name keeps what
 * was declared first and gains the init params (and, for a servlet, load-on-startup and
 * multipart-config) it did not have yet; a param declared twice keeps its first value, as does a
 * context param. A servlet mapped in web.xml keeps exactly web.xml's mappings; the mappings the
 * fragments give any other servlet add up. A servlet whose class cannot be loaded does not stop
 * the application: it is logged and answers 500 when used ({@link UnloadableServlet}), as on
 * Tomcat. Called while a deployment is assembled.
 */
final class DescriptorComponents {

    private static final Logger LOG = LoggerFactory.getLogger(DescriptorComponents.class);
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");

    private final DeploymentInfo info;
    private final ClassLoader loader;
    private final String origin;

    private DescriptorComponents(DeploymentInfo info, ClassLoader loader, String origin) {
        this.info = info;
        this.loader = loader;
        this.origin = origin;
    }

    /**
     * Registers {@code descriptor}; {@code origin} names it in errors, e.g. {@code WEB-INF/web.xml}.
     * {@code webXml} is the application's web.xml (or {@code null}), which is {@code descriptor}
     * itself when web.xml is the one registered: its mappings override the fragments'.
     */
    static void register(DeploymentInfo info, WebCommonMetaData descriptor, WebMetaData webXml, ClassLoader loader,
            String origin) {
        DescriptorComponents components = new DescriptorComponents(info, loader, origin);
        components.contextParams(descriptor.getContextParams());
        components.listeners(descriptor.getListeners());
        components.servlets(descriptor.getServlets());
        components.servletMappings(descriptor.getServletMappings(),
                descriptor == webXml ? Set.of() : mappedServlets(webXml));
        components.filters(descriptor.getFilters());
        components.filterMappings(descriptor.getFilterMappings());
        components.welcomeFiles(descriptor);
        components.errorPages(descriptor.getErrorPages());
        components.mimeMappings(descriptor.getMimeMappings());
        components.session(descriptor.getSessionConfig());
        if (descriptor.getLocalEncodings() != null && descriptor.getLocalEncodings().getMappings() != null) {
            for (LocaleEncodingMetaData mapping : descriptor.getLocalEncodings().getMappings()) {
                info.addLocaleCharsetMapping(mapping.getLocale(), mapping.getEncoding());
            }
        }
        if (descriptor instanceof WebMetaData web) {
            components.encodings(web);
            components.identity(web);
        }
    }

    private void contextParams(List<ParamValueMetaData> params) {
        for (ParamValueMetaData param : nonNull(params)) {
            info.getInitParameters().putIfAbsent(param.getParamName(), param.getParamValue());
        }
    }

    private void listeners(List<ListenerMetaData> listeners) {
        for (ListenerMetaData listener : nonNull(listeners)) {
            Class<? extends EventListener> type = load(listener.getListenerClass(), EventListener.class, "listener");
            if (info.getListeners().stream().noneMatch(l -> l.getListenerClass().equals(type))) {
                info.addListener(new ListenerInfo(type));
            }
        }
    }

    /** The servlets web.xml maps: the fragments' mappings for them are ignored. */
    private static Set<String> mappedServlets(WebMetaData webXml) {
        Set<String> names = new HashSet<>();
        if (webXml != null) {
            for (ServletMappingMetaData mapping : nonNull(webXml.getServletMappings())) {
                names.add(mapping.getServletName());
            }
        }
        return names;
    }

    private void servlets(Iterable<ServletMetaData> servlets) {
        for (ServletMetaData servlet : nonNull(servlets)) {
            ServletInfo declared = info.getServlets().get(servlet.getServletName());
            if (declared != null) {
                merge(declared, servlet);
                continue;
            }
            boolean jspFile = servlet.getServletClass() == null && servlet.getJspFile() != null;
            if (servlet.getServletClass() == null && !jspFile) {
                LOG.warn("Servlet {} in {} names neither a servlet-class nor a jsp-file, so it is not deployed",
                        servlet.getServletName(), origin);
                continue;
            }
            ServletInfo registered = jspFile ? new ServletInfo(servlet.getServletName(), JspEngine.servletClass())
                    : servletInfo(servlet);
            registered.setAsyncSupported(servlet.isAsyncSupported())
                    .setEnabled(!servlet.getEnabledSet() || servlet.isEnabled());
            if (jspFile) {
                String page = servlet.getJspFile();
                registered.addInitParam(JspEngine.JSP_FILE_PARAM, page.startsWith("/") ? page : "/" + page);
            }
            if (servlet.getSecurityRoleRefs() != null) {
                for (SecurityRoleRefMetaData ref : servlet.getSecurityRoleRefs()) {
                    registered.addSecurityRoleRef(ref.getRoleName(), ref.getRoleLink());
                }
            }
            merge(registered, servlet);
            if (registered.getServletClass() == UnloadableServlet.class) {
                // Initializing it at start would fail the whole application for one servlet.
                registered.setLoadOnStartup(null);
            }
            info.addServlet(registered);
        }
    }

    /** The servlet's class, or a stand-in answering 500 when the class cannot be loaded. */
    private ServletInfo servletInfo(ServletMetaData servlet) {
        String className = servlet.getServletClass().strip();
        try {
            return new ServletInfo(servlet.getServletName(), load(className, Servlet.class, "servlet"));
        } catch (AppBootException e) {
            LOG.warn("Servlet {} in {} is not available: {}; requests mapped to it are answered 500",
                    servlet.getServletName(), origin, e.getMessage());
            UnloadableServlet standIn = new UnloadableServlet(e.getMessage());
            return new ServletInfo(servlet.getServletName(), UnloadableServlet.class,
                    new ImmediateInstanceFactory<>(standIn));
        }
    }

    /** Adds what {@code servlet} declares and {@code registered} does not have yet: the first declaration wins. */
    private static void merge(ServletInfo registered, ServletMetaData servlet) {
        for (ParamValueMetaData param : nonNull(servlet.getInitParam())) {
            if (!registered.getInitParams().containsKey(param.getParamName())) {
                registered.addInitParam(param.getParamName(), param.getParamValue());
            }
        }
        if (registered.getLoadOnStartup() == null && servlet.getLoadOnStartupSet()) {
            registered.setLoadOnStartup(servlet.getLoadOnStartupInt());
        }
        if (registered.getMultipartConfig() == null && servlet.getMultipartConfig() != null) {
            registered.setMultipartConfig(multipart(servlet.getMultipartConfig()));
        }
    }

    private static MultipartConfigElement multipart(MultipartConfigMetaData config) {
        return new MultipartConfigElement(config.getLocation() == null ? "" : config.getLocation(),
                config.getMaxFileSizeSet() ? config.getMaxFileSize() : -1L,
                config.getMaxRequestSizeSet() ? config.getMaxRequestSize() : -1L,
                config.getFileSizeThresholdSet() ? config.getFileSizeThreshold() : 0);
    }

    private void servletMappings(List<ServletMappingMetaData> mappings, Set<String> mappedByWebXml) {
        for (ServletMappingMetaData mapping : nonNull(mappings)) {
            ServletInfo servlet = info.getServlets().get(mapping.getServletName());
            if (servlet == null) {
                if (isKnownJsp(mapping.getServletName())) {
                    continue;
                }
                throw new AppLoadException("The servlet-mapping in " + origin + " names servlet "
                        + mapping.getServletName() + ", which no descriptor declares; declare it or remove the mapping.");
            }
            if (mappedByWebXml.contains(servlet.getName())) {
                continue;
            }
            for (String pattern : nonNull(mapping.getUrlPatterns())) {
                if (!servlet.getMappings().contains(pattern)) {
                    servlet.addMapping(pattern);
                }
            }
        }
    }

    private boolean isKnownJsp(String name) {
        return name != null && name.equalsIgnoreCase("jsp");
    }

    private void filters(Iterable<FilterMetaData> filters) {
        for (FilterMetaData filter : nonNull(filters)) {
            FilterInfo registered = info.getFilters().get(filter.getFilterName());
            if (registered == null) {
                registered = new FilterInfo(filter.getFilterName(), load(filter.getFilterClass(), Filter.class, "filter"))
                        .setAsyncSupported(filter.isAsyncSupported());
                info.addFilter(registered);
            }
            for (ParamValueMetaData param : nonNull(filter.getInitParam())) {
                if (!registered.getInitParams().containsKey(param.getParamName())) {
                    registered.addInitParam(param.getParamName(), param.getParamValue());
                }
            }
        }
    }

    private void filterMappings(List<FilterMappingMetaData> mappings) {
        for (FilterMappingMetaData mapping : nonNull(mappings)) {
            if (!info.getFilters().containsKey(mapping.getFilterName())) {
                throw new AppLoadException("The filter-mapping in " + origin + " names filter "
                        + mapping.getFilterName() + ", which no descriptor declares; declare it or remove the mapping.");
            }
            for (DispatcherType dispatcher : dispatchers(mapping)) {
                for (String pattern : nonNull(mapping.getUrlPatterns())) {
                    info.addFilterUrlMapping(mapping.getFilterName(), pattern, dispatcher);
                }
                for (String servletName : nonNull(mapping.getServletNames())) {
                    info.addFilterServletNameMapping(mapping.getFilterName(), servletName, dispatcher);
                }
            }
        }
    }

    private static Set<DispatcherType> dispatchers(FilterMappingMetaData mapping) {
        if (mapping.getDispatchers() == null || mapping.getDispatchers().isEmpty()) {
            return EnumSet.of(DispatcherType.REQUEST);
        }
        Set<DispatcherType> types = EnumSet.noneOf(DispatcherType.class);
        for (org.jboss.metadata.web.spec.DispatcherType type : mapping.getDispatchers()) {
            types.add(DispatcherType.valueOf(type.name()));
        }
        return types;
    }

    private void welcomeFiles(WebCommonMetaData descriptor) {
        if (descriptor.getWelcomeFileList() == null) {
            return;
        }
        for (String file : nonNull(descriptor.getWelcomeFileList().getWelcomeFiles())) {
            if (!info.getWelcomePages().contains(file)) {
                info.addWelcomePage(file);
            }
        }
    }

    private void errorPages(List<ErrorPageMetaData> pages) {
        for (ErrorPageMetaData page : nonNull(pages)) {
            if (page.getExceptionType() != null) {
                info.addErrorPage(new ErrorPage(page.getLocation(),
                        load(page.getExceptionType(), Throwable.class, "error-page exception-type")));
            } else if (page.getErrorCode() != null) {
                info.addErrorPage(new ErrorPage(page.getLocation(), errorCode(page.getErrorCode())));
            } else {
                info.addErrorPage(new ErrorPage(page.getLocation()));
            }
        }
    }

    private int errorCode(String code) {
        try {
            return Integer.parseInt(code.strip());
        } catch (NumberFormatException e) {
            throw new AppLoadException("The error-page error-code " + code + " in " + origin
                    + " is not a number; use an HTTP status such as 404.", e);
        }
    }

    private void mimeMappings(List<MimeMappingMetaData> mappings) {
        for (MimeMappingMetaData mapping : nonNull(mappings)) {
            info.addMimeMapping(new MimeMapping(mapping.getExtension(), mapping.getMimeType()));
        }
    }

    private void session(SessionConfigMetaData session) {
        if (session == null) {
            return;
        }
        if (session.getSessionTimeoutSet()) {
            // web.xml counts minutes, Undertow seconds; zero or less means never.
            int minutes = session.getSessionTimeout();
            info.setDefaultSessionTimeout(minutes <= 0 ? -1 : minutes * 60);
        }
        ServletSessionConfig config = info.getServletSessionConfig() != null
                ? info.getServletSessionConfig() : new ServletSessionConfig();
        CookieConfigMetaData cookie = session.getCookieConfig();
        if (cookie != null) {
            if (cookie.getName() != null) {
                config.setName(cookie.getName());
            }
            if (cookie.getDomain() != null) {
                config.setDomain(cookie.getDomain());
            }
            if (cookie.getPath() != null) {
                config.setPath(cookie.getPath());
            }
            if (cookie.getHttpOnlySet()) {
                config.setHttpOnly(cookie.getHttpOnly());
            }
            if (cookie.getSecureSet()) {
                config.setSecure(cookie.getSecure());
            }
            if (cookie.getMaxAgeSet()) {
                config.setMaxAge(cookie.getMaxAge());
            }
        }
        if (session.getSessionTrackingModes() != null && !session.getSessionTrackingModes().isEmpty()) {
            Set<SessionTrackingMode> modes = EnumSet.noneOf(SessionTrackingMode.class);
            for (SessionTrackingModeType mode : session.getSessionTrackingModes()) {
                modes.add(SessionTrackingMode.valueOf(mode.name()));
            }
            config.setSessionTrackingModes(modes);
        }
        info.setServletSessionConfig(config);
    }

    private void encodings(WebMetaData webXml) {
        if (webXml.getRequestCharacterEncoding() != null) {
            info.setDefaultRequestEncoding(webXml.getRequestCharacterEncoding());
        }
        if (webXml.getResponseCharacterEncoding() != null) {
            info.setDefaultResponseEncoding(webXml.getResponseCharacterEncoding());
        }
        if (webXml.getDenyUncoveredHttpMethods() != null) {
            info.setDenyUncoveredHttpMethods(webXml.getDenyUncoveredHttpMethods());
        }
    }

    /** {@code display-name} for getServletContextName(), and the web.xml version for getEffectiveMajorVersion(). */
    private void identity(WebMetaData webXml) {
        if (webXml.getDescriptionGroup() != null && webXml.getDescriptionGroup().getDisplayName() != null) {
            info.setDisplayName(webXml.getDescriptionGroup().getDisplayName().strip());
        }
        Matcher version = VERSION.matcher(webXml.getVersion() == null ? "" : webXml.getVersion().strip());
        if (version.matches()) {
            info.setMajorVersion(Integer.parseInt(version.group(1)));
            info.setMinorVersion(Integer.parseInt(version.group(2)));
        }
    }

    private <T> Class<? extends T> load(String className, Class<T> expected, String what) {
        Class<?> type;
        try {
            type = Class.forName(className.strip(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new AppBootException("The " + what + " class " + className + " declared in " + origin
                    + " could not be loaded: " + e, e);
        }
        if (!expected.isAssignableFrom(type)) {
            throw new AppBootException("The " + what + " class " + className + " declared in " + origin
                    + " is not a " + expected.getName() + ".", null);
        }
        return type.asSubclass(expected);
    }

    private static <T> Iterable<T> nonNull(Iterable<T> items) {
        return items == null ? List.of() : items;
    }

    private static <T> List<T> nonNull(List<T> items) {
        return items == null ? List.of() : items;
    }
}
