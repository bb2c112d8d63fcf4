package dev.jacorn.arquillian;

import org.jboss.arquillian.container.spi.client.container.DeployableContainer;
import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link JacornContainer} with Arquillian (found through {@code META-INF/services}). */
public final class JacornExtension implements LoadableExtension {

    @Override
    public void register(ExtensionBuilder builder) {
        builder.service(DeployableContainer.class, JacornContainer.class);
    }
}
