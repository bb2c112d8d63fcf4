package dev.jacorn.sample.jaxrs;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;

/**
 * The Jakarta REST application. There is no web.xml: Jersey's ServletContainerInitializer is
 * handed this class through {@code @HandlesTypes(Application.class)} and maps it at {@code /api/*}.
 */
@ApplicationPath("/api")
public class ItemsApplication extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(ItemResource.class);
    }

    /** WADL needs a JAXB implementation this WAR does not ship; off, it stops a start-up warning. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
