package dev.jacorn.sample.weld;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Jersey finds this through its ServletContainerInitializer and serves the resources under /api. */
@ApplicationPath("/api")
public class RestApplication extends Application {
}
