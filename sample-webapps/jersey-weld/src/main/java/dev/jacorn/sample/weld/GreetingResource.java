package dev.jacorn.sample.weld;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** A JAX-RS resource that is a CDI bean, with a CDI bean injected. */
@Path("greet")
@RequestScoped
public class GreetingResource {

    @Inject
    Greeter greeter;

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String greet(@QueryParam("name") @DefaultValue("world") String name) {
        return greeter.greet(name, "JAX-RS");
    }
}
