package dev.jacorn.adapter;

import io.undertow.servlet.api.AuthMethodConfig;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.LoginConfig;
import io.undertow.servlet.api.SecurityConstraint;
import io.undertow.servlet.api.SecurityInfo;
import io.undertow.servlet.api.TransportGuaranteeType;
import io.undertow.servlet.api.WebResourceCollection;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.metadata.javaee.spec.SecurityRoleMetaData;
import org.jboss.metadata.web.spec.LoginConfigMetaData;
import org.jboss.metadata.web.spec.SecurityConstraintMetaData;
import org.jboss.metadata.web.spec.WebCommonMetaData;
import org.jboss.metadata.web.spec.WebResourceCollectionMetaData;

/**
 * Registers a descriptor's declarative security: {@code security-constraint}s, the
 * {@code login-config} (BASIC, FORM or CLIENT-CERT; the first descriptor that has one wins) and
 * {@code security-role}s. Undertow enforces them; users come from the {@link Realm}.
 *
 * <p>An {@code auth-constraint} without roles denies everyone; role {@code **} means any
 * authenticated user; role {@code *} means every role the application declares.
 */
final class DeclaredSecurity {

    private DeclaredSecurity() {
    }

    static void register(DeploymentInfo info, WebCommonMetaData descriptor) {
        if (descriptor.getSecurityRoles() != null) {
            for (SecurityRoleMetaData role : descriptor.getSecurityRoles()) {
                if (!info.getSecurityRoles().contains(role.getRoleName())) {
                    info.addSecurityRole(role.getRoleName());
                }
            }
        }
        if (descriptor.getSecurityConstraints() != null) {
            for (SecurityConstraintMetaData constraint : descriptor.getSecurityConstraints()) {
                info.addSecurityConstraint(constraint(constraint, info.getSecurityRoles()));
            }
        }
        LoginConfigMetaData login = descriptor.getLoginConfig();
        if (info.getLoginConfig() == null && login != null && login.getAuthMethod() != null) {
            info.setLoginConfig(loginConfig(login, info.getDisplayName()));
        }
    }

    private static SecurityConstraint constraint(SecurityConstraintMetaData declared, java.util.Set<String> allRoles) {
        SecurityConstraint constraint = new SecurityConstraint();
        if (declared.getResourceCollections() != null) {
            for (WebResourceCollectionMetaData collection : declared.getResourceCollections()) {
                constraint.addWebResourceCollection(new WebResourceCollection()
                        .addUrlPatterns(orEmpty(collection.getUrlPatterns()))
                        .addHttpMethods(orEmpty(collection.getHttpMethods()))
                        .addHttpMethodOmissions(orEmpty(collection.getHttpMethodOmissions())));
            }
        }
        if (declared.getAuthConstraint() == null) {
            constraint.setEmptyRoleSemantic(SecurityInfo.EmptyRoleSemantic.PERMIT);
        } else {
            List<String> roles = new ArrayList<>(orEmpty(declared.getAuthConstraint().getRoleNames()));
            if (roles.remove("*")) {
                roles.addAll(allRoles);
            }
            if (roles.remove("**") && roles.isEmpty()) {
                constraint.setEmptyRoleSemantic(SecurityInfo.EmptyRoleSemantic.AUTHENTICATE);
            } else {
                constraint.setEmptyRoleSemantic(SecurityInfo.EmptyRoleSemantic.DENY);
            }
            constraint.addRolesAllowed(roles);
        }
        if (declared.getTransportGuarantee() != null) {
            constraint.setTransportGuaranteeType(TransportGuaranteeType.valueOf(declared.getTransportGuarantee().name()));
        }
        return constraint;
    }

    private static LoginConfig loginConfig(LoginConfigMetaData login, String appName) {
        String method = login.getAuthMethod().strip().toUpperCase(Locale.ROOT);
        String realm = login.getRealmName() == null ? appName : login.getRealmName();
        if (method.equals("CLIENT-CERT")) {
            // web.xml spells it with a hyphen; Undertow names the mechanism as getAuthType() reports it.
            return new LoginConfig(realm, null, null)
                    .addLastAuthMethod(new AuthMethodConfig(HttpServletRequest.CLIENT_CERT_AUTH));
        }
        if (login.getFormLoginConfig() != null) {
            return new LoginConfig(method, realm, login.getFormLoginConfig().getLoginPage(),
                    login.getFormLoginConfig().getErrorPage());
        }
        return new LoginConfig(method, realm);
    }

    private static List<String> orEmpty(List<String> items) {
        return items == null ? List.of() : items;
    }
}
