package dev.jacorn.runner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.ArchConfiguration;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package structure of docs/architecture.md, checked on the compiled classes: no two packages
 * depend on each other (directly or round a longer cycle; the root package, which holds the
 * composition root, counts as a package of its own), the adapter never depends on the runner,
 * the supervisor never on the listeners, and observe sits underneath the supervisor.
 */
class ArchitectureTest {

    static {
        // Only Jacorn's own classes matter; resolving every library class they touch takes most of a minute.
        ArchConfiguration.get().setResolveMissingDependenciesFromClassPath(false);
    }

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.jacorn");

    @Test
    void noPackageCycles() {
        // "(**)" takes the whole package name as the slice, so dev.jacorn.runner and
        // dev.jacorn.runner.server are two slices.
        slices().matching("dev.jacorn.(**)").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void theAdapterKnowsNothingOfTheRunner() {
        noClasses().that().resideInAPackage("dev.jacorn.adapter..")
                .should().dependOnClassesThat().resideInAPackage("dev.jacorn.runner..")
                .check(CLASSES);
    }

    @Test
    void observeSitsUnderneathTheSupervisor() {
        noClasses().that().resideInAPackage("dev.jacorn.runner.observe..")
                .should().dependOnClassesThat().resideInAPackage("dev.jacorn.runner.supervise..")
                .check(CLASSES);
    }

    @Test
    void theSupervisorNeverStopsTheListenersItself() {
        noClasses().that().resideInAPackage("dev.jacorn.runner.supervise..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.jacorn.runner.server..",
                        "dev.jacorn.runner.admin..", "dev.jacorn.runner.cli..")
                .check(CLASSES);
    }
}
