package dev.jacorn.runner.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JMX as an operator meets it (README, "Metrics and health"): a client that attaches to a running
 * Jacorn (jconsole, VisualVM) finds the platform MBeans, built when it asked for them; XNIO's
 * per-worker MBeans, which cost every start the building of the MBean server, are registered only
 * when the JVM was started with a JMX agent.
 */
@ExtendWith(ServerLogOnFailure.class)
class JmxIT {

    private static final ObjectName XNIO = name("org.xnio:*");
    private static final ObjectName RUNTIME = name("java.lang:type=Runtime");

    @Test
    void aClientAttachedLaterFindsThePlatformMBeansButNoXnioWorkers() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(Samples.war("hello").toString())) {
            runner.awaitReady();
            try (JMXConnector jmx = attach(runner.pid())) {
                MBeanServerConnection server = jmx.getMBeanServerConnection();
                assertTrue(server.isRegistered(RUNTIME), "the platform MBeans are served to a client that attaches");
                assertEquals(runner.pid(), ((Number) server.getAttribute(RUNTIME, "Pid")).longValue());
                assertEquals(Set.of(), server.queryNames(XNIO, null));
            }
        }
    }

    @Test
    void aJvmStartedWithAJmxAgentRegistersXnioWorkersAsBefore() throws Exception {
        try (RunnerProcess runner = RunnerProcess.start(Map.of("JDK_JAVA_OPTIONS", "-Dcom.sun.management.jmxremote"),
                Samples.war("hello").toString())) {
            runner.awaitReady();
            try (JMXConnector jmx = attach(runner.pid())) {
                Set<ObjectName> xnio = jmx.getMBeanServerConnection().queryNames(XNIO, null);
                assertFalse(xnio.stream().noneMatch(n -> n.getKeyProperty("worker") != null), "XNIO workers: " + xnio);
            }
        }
    }

    private static JMXConnector attach(long pid) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        try {
            return JMXConnectorFactory.connect(new JMXServiceURL(vm.startLocalManagementAgent()));
        } finally {
            vm.detach();
        }
    }

    private static ObjectName name(String text) {
        try {
            return new ObjectName(text);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
