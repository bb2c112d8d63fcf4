package dev.jacorn.adapter;

import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.HttpMethodSecurityInfo;
import io.undertow.servlet.api.SecurityInfo;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.api.ServletSecurityInfo;
import io.undertow.servlet.api.TransportGuaranteeType;
import jakarta.servlet.annotation.HttpConstraint;
import jakarta.servlet.annotation.HttpMethodConstraint;
import jakarta.servlet.annotation.ServletSecurity;
import java.util.List;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;

/**
 * Security declared on servlet classes: {@code @ServletSecurity} (with its {@code @HttpConstraint}
 * and {@code @HttpMethodConstraint}s), and, when a class has none, a class-level
 * {@code @RolesAllowed} (Jakarta Annotations), read from the index because the annotation API is
 * the application's own. Undertow applies it to every URL pattern of the servlet that no
 * {@code security-constraint} of the descriptors covers already, as the specification asks.
 * Not called for a metadata-complete web.xml.
 */
final class AnnotatedSecurity {

    private static final DotName ROLES_ALLOWED = DotName.createSimple("jakarta.annotation.security.RolesAllowed");

    private AnnotatedSecurity() {
    }

    static void apply(DeploymentInfo info, IndexView index) {
        for (ServletInfo servlet : info.getServlets().values()) {
            if (servlet.getServletSecurityInfo() != null) {
                continue;
            }
            ServletSecurity security = servlet.getServletClass().getAnnotation(ServletSecurity.class);
            if (security != null) {
                servlet.setServletSecurityInfo(fromServletSecurity(security));
                continue;
            }
            List<String> roles = rolesAllowed(index, servlet.getServletClass());
            if (roles != null) {
                servlet.setServletSecurityInfo(new ServletSecurityInfo()
                        .setEmptyRoleSemantic(SecurityInfo.EmptyRoleSemantic.DENY).addRolesAllowed(roles));
            }
        }
    }

    private static ServletSecurityInfo fromServletSecurity(ServletSecurity security) {
        HttpConstraint all = security.value();
        ServletSecurityInfo info = new ServletSecurityInfo()
                .setEmptyRoleSemantic(semantic(all.value(), all.rolesAllowed()))
                .setTransportGuaranteeType(guarantee(all.transportGuarantee()))
                .addRolesAllowed(all.rolesAllowed());
        for (HttpMethodConstraint method : security.httpMethodConstraints()) {
            info.addHttpMethodSecurityInfo(new HttpMethodSecurityInfo().setMethod(method.value())
                    .setEmptyRoleSemantic(semantic(method.emptyRoleSemantic(), method.rolesAllowed()))
                    .setTransportGuaranteeType(guarantee(method.transportGuarantee()))
                    .addRolesAllowed(method.rolesAllowed()));
        }
        return info;
    }

    /** With roles the semantic is moot; DENY keeps "roles given, none held" refused. */
    private static SecurityInfo.EmptyRoleSemantic semantic(ServletSecurity.EmptyRoleSemantic declared, String[] roles) {
        if (roles.length > 0 || declared == ServletSecurity.EmptyRoleSemantic.DENY) {
            return SecurityInfo.EmptyRoleSemantic.DENY;
        }
        return SecurityInfo.EmptyRoleSemantic.PERMIT;
    }

    private static TransportGuaranteeType guarantee(ServletSecurity.TransportGuarantee declared) {
        return declared == ServletSecurity.TransportGuarantee.CONFIDENTIAL
                ? TransportGuaranteeType.CONFIDENTIAL : TransportGuaranteeType.NONE;
    }

    private static List<String> rolesAllowed(IndexView index, Class<?> type) {
        ClassInfo declared = index.getClassByName(DotName.createSimple(type.getName()));
        AnnotationInstance annotation = declared == null ? null : declared.declaredAnnotation(ROLES_ALLOWED);
        if (annotation == null) {
            return null;
        }
        AnnotationValue value = annotation.value();
        return value == null ? List.of() : List.of(value.asStringArray());
    }
}
