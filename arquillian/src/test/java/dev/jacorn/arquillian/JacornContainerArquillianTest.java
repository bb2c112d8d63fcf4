package dev.jacorn.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import dev.jacorn.arquillian.app.GreetingServlet;

/**
 * Arquillian drives the container as any Arquillian test would: two ShrinkWrap WARs deployed
 * through it, each reached at its own context path with a real HTTP client.
 */
@ExtendWith(ArquillianExtension.class)
class JacornContainerArquillianTest {

    private final HttpClient client = HttpClient.newHttpClient();

    @Deployment(testable = false)
    static WebArchive greeting() {
        return ShrinkWrap.create(WebArchive.class, "greeting.war")
                .addClass(GreetingServlet.class)
                .setWebXML(new StringAsset("<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.1\"/>"));
    }

    @Deployment(testable = false, name = "other")
    static WebArchive other() {
        return ShrinkWrap.create(WebArchive.class, "other.war").addClass(GreetingServlet.class);
    }

    @ArquillianResource
    URL url;

    @ArquillianResource
    @OperateOnDeployment("other")
    URL otherUrl;

    @Test
    void deployedArchiveIsServedAtTheContextNamedAfterIt() throws Exception {
        assertEquals("/greeting/", url.getPath());
        HttpResponse<String> response = get(url, "greet");
        assertEquals(200, response.statusCode());
        assertEquals("hello from /greeting", response.body());
    }

    @Test
    void twoDeploymentsShareOneRunnerAndPort() throws Exception {
        assertEquals(url.getPort(), otherUrl.getPort());
        assertEquals("hello from /other", get(otherUrl, "greet").body());
        assertEquals("hello from /greeting", get(url, "greet").body());
    }

    private HttpResponse<String> get(URL base, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
