package dev.jacorn.sample.jaxrs;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code /api/items}. Deliberately stateless for reads: {@code GET /api/items/{id}} answers any
 * numeric id with {@code "item-<id>"}, so the answer does not depend on which worker serves it.
 * {@code POST} hands out ids from 1000 upwards, counted per deployment.
 */
@Path("/items")
@Produces(MediaType.APPLICATION_JSON)
public class ItemResource {

    private static final AtomicLong NEXT_ID = new AtomicLong(1000);

    @GET
    @Path("/{id: [0-9]{1,18}}")
    public Item get(@PathParam("id") long id) {
        return new Item(id, "item-" + id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response create(Item item, @Context UriInfo uriInfo) {
        if (item == null || item.name() == null || item.name().isBlank()) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(Map.of("error", "name is required"))
                    .build();
        }
        Item created = new Item(NEXT_ID.getAndIncrement(), item.name());
        URI location = uriInfo.getAbsolutePathBuilder().path(String.valueOf(created.id())).build();
        return Response.created(location).entity(created).build();
    }
}
