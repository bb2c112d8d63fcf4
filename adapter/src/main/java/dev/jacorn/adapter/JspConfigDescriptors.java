package dev.jacorn.adapter;

import jakarta.servlet.descriptor.JspConfigDescriptor;
import jakarta.servlet.descriptor.JspPropertyGroupDescriptor;
import jakarta.servlet.descriptor.TaglibDescriptor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.jboss.metadata.web.spec.JspConfigMetaData;
import org.jboss.metadata.web.spec.JspPropertyGroupMetaData;
import org.jboss.metadata.web.spec.TaglibMetaData;

/**
 * The {@code jsp-config} of web.xml and the fragments, as the Servlet API's
 * {@link JspConfigDescriptor} that {@code ServletContext.getJspConfigDescriptor()} returns and
 * Jasper reads: taglib locations and property groups, in descriptor order (web.xml first).
 * Immutable.
 */
final class JspConfigDescriptors {

    private JspConfigDescriptors() {
    }

    static JspConfigDescriptor of(List<JspConfigMetaData> configs) {
        List<TaglibDescriptor> taglibs = new ArrayList<>();
        List<JspPropertyGroupDescriptor> groups = new ArrayList<>();
        for (JspConfigMetaData config : configs) {
            for (TaglibMetaData taglib : nonNull(config.getTaglibs())) {
                taglibs.add(new Taglib(taglib.getTaglibUri(), taglib.getTaglibLocation()));
            }
            for (JspPropertyGroupMetaData group : nonNull(config.getPropertyGroups())) {
                groups.add(new PropertyGroup(group));
            }
        }
        return new Config(List.copyOf(taglibs), List.copyOf(groups));
    }

    /** The URL patterns of every property group of {@code config}: the JSP servlet serves them. */
    static List<String> urlPatterns(JspConfigMetaData config) {
        List<String> patterns = new ArrayList<>();
        for (JspPropertyGroupMetaData group : nonNull(config.getPropertyGroups())) {
            patterns.addAll(nonNull(group.getUrlPatterns()));
        }
        return patterns;
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private record Config(Collection<TaglibDescriptor> getTaglibs,
            Collection<JspPropertyGroupDescriptor> getJspPropertyGroups) implements JspConfigDescriptor {
    }

    private record Taglib(String getTaglibURI, String getTaglibLocation) implements TaglibDescriptor {
    }

    private record PropertyGroup(JspPropertyGroupMetaData group) implements JspPropertyGroupDescriptor {
        @Override
        public Collection<String> getUrlPatterns() {
            return List.copyOf(nonNull(group.getUrlPatterns()));
        }

        @Override
        public String getElIgnored() {
            return group.getElIgnored();
        }

        @Override
        public String getErrorOnELNotFound() {
            return group.getErrorOnElNotFound();
        }

        @Override
        public String getPageEncoding() {
            return group.getPageEncoding();
        }

        @Override
        public String getScriptingInvalid() {
            return group.getScriptingInvalid();
        }

        @Override
        public String getIsXml() {
            return group.getIsXml();
        }

        @Override
        public Collection<String> getIncludePreludes() {
            return List.copyOf(nonNull(group.getIncludePreludes()));
        }

        @Override
        public Collection<String> getIncludeCodas() {
            return List.copyOf(nonNull(group.getIncludeCodas()));
        }

        @Override
        public String getDeferredSyntaxAllowedAsLiteral() {
            return group.getDeferredSyntaxAllowedAsLiteral();
        }

        @Override
        public String getTrimDirectiveWhitespaces() {
            return group.getTrimDirectiveWhitespaces();
        }

        @Override
        public String getDefaultContentType() {
            return group.getDefaultContentType();
        }

        @Override
        public String getBuffer() {
            return group.getBuffer();
        }

        @Override
        public String getErrorOnUndeclaredNamespace() {
            return group.getErrorOnUndeclaredNamespace();
        }
    }
}
