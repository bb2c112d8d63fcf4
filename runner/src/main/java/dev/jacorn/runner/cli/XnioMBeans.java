package dev.jacorn.runner.cli;

/**
 * Keeps XNIO from building the platform MBean server at every start.
 *
 * <p>XNIO registers each of its workers with the platform MBean server, and the first request for
 * that server builds it and registers every platform MXBean in it: 0.15-0.2 s of CPU in each start
 * of the hello WAR, a tenth of what its start to the first 200 costs on two cores, for MBeans
 * nothing in Jacorn reads (its metrics are on the admin listener). XNIO has no switch for it, but
 * it ignores a registration that fails. So, before any worker exists, XNIO's one lookup of the
 * server is made to fail, once, by naming an MBean server builder that does not exist for the
 * moment of that lookup; the property is cleared again straight after, and the server is built as
 * usual for whoever asks for it later (the application, a JMX agent attached to the process).
 *
 * <p>Nothing changes where JMX was asked for: a JVM started with a JMX agent
 * ({@code -Dcom.sun.management.jmxremote...}) has built the server before {@code main}, and XNIO
 * finds and uses it; a builder chosen with {@code javax.management.builder.initial} is left alone.
 */
final class XnioMBeans {

    private static final String BUILDER = "javax.management.builder.initial";
    private static final String HOLDER = "org.xnio.Xnio$MBeanHolder";

    private XnioMBeans() {
    }

    /** Run on the main thread before any other thread starts: the property is global while it is set. */
    static void skipRegistration() {
        if (System.getProperty(BUILDER) != null) {
            return;
        }
        System.setProperty(BUILDER, XnioMBeans.class.getName() + "$NoSuchBuilder");
        try {
            Class.forName(HOLDER, true, XnioMBeans.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError expected) {
            // ExceptionInInitializerError: the holder failed to find a server, as intended; every
            // later registration by XNIO then fails at once and XNIO carries on without it.
        } finally {
            System.clearProperty(BUILDER);
        }
    }
}
