package dev.jacorn.arquillian;

import org.jboss.arquillian.container.spi.client.protocol.metadata.HTTPContext;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import dev.jacorn.arquillian.app.GreetingServlet;

/** A test JVM that deploys and then exits without undeploying; run by {@link JacornContainerTest}. */
public final class DeployAndExit {

    private DeployAndExit() {
    }

    public static void main(String[] args) throws Exception {
        JacornContainerConfiguration config = new JacornContainerConfiguration();
        config.setJavaVmArguments("-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        config.setRunnerArguments("--threads 4 --graceful-timeout 5");
        config.setOutputToConsole(false);
        JacornContainer container = new JacornContainer();
        container.setup(config);
        container.start();
        WebArchive war = ShrinkWrap.create(WebArchive.class, "ROOT.war").addClass(GreetingServlet.class);
        int port = container.deploy(war).getContext(HTTPContext.class).getPort();
        System.out.println("PORT " + port);
        System.exit(0);
    }
}
