package dev.jacorn.adapter;

import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * Which link of a start-up failure's chain the one-line message names: the application's own
 * explanation, not the innermost {@code ClassNotFoundException} of an optional integration it
 * tried first, and not the container's bare wrappers.
 */
class StartupFailuresTest {

    private static final String APP = "jacorn-webapp[petclinic]";

    @Test
    void theApplicationsOwnExplanationWinsOverTheInnermostClassNotFound() {
        Throwable missing = thrownBy("app", new ClassNotFoundException("org.osgi.framework.FrameworkUtil"));
        Throwable linkage = thrownBy(APP, new NoClassDefFoundError("org/osgi/framework/FrameworkUtil"));
        linkage.initCause(missing);
        Throwable explanation = thrownBy(APP, new IllegalStateException(
                "HV000183: Unable to initialize 'jakarta.el.ExpressionFactory'", linkage));
        Throwable wrapped = thrownBy(APP, new RuntimeException(explanation));
        Throwable container = thrownBy("app", new RuntimeException(wrapped));
        assertSame(explanation, StartupFailures.actionableCause(container, APP));
    }

    @Test
    void aFailureOfTheContainerStepIsNamedWhenNoApplicationCodeThrew() {
        Throwable step = thrownBy("app", new IllegalArgumentException("JSP page /broken.jsp does not compile"));
        Throwable container = thrownBy("app", new RuntimeException(step));
        assertSame(step, StartupFailures.actionableCause(container, APP));
    }

    @Test
    void anApplicationExceptionWithAMessageIsNamedEvenWhenItHasACause() {
        Throwable cause = thrownBy(APP, new IllegalStateException("inner"));
        Throwable outer = thrownBy(APP, new IllegalStateException("the listener could not read its config", cause));
        assertSame(outer, StartupFailures.actionableCause(outer, APP));
    }

    @Test
    void aChainOfBareWrappersNamesItsInnermostLink() {
        Throwable inner = thrownBy("app", new IllegalStateException());
        Throwable outer = thrownBy("app", new RuntimeException(inner));
        assertSame(inner, StartupFailures.actionableCause(outer, APP));
    }

    private static <T extends Throwable> T thrownBy(String loaderName, T throwable) {
        throwable.setStackTrace(new StackTraceElement[] {
            new StackTraceElement(loaderName, null, null, "some.Type", "start", "Type.java", 1)});
        return throwable;
    }
}
