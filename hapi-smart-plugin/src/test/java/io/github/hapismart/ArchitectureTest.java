package io.github.hapismart;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Keeps the dependency arrows of the plugin one-way. */
class ArchitectureTest {

    private final JavaClasses plugin = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.github.hapismart");

    @Test
    void onlyTheEnforceHapiAndBootPackagesImportHapi() {
        noClasses().that().resideOutsideOfPackages("io.github.hapismart.enforce..", "io.github.hapismart.hapi..",
                        "io.github.hapismart.boot..")
                .should().dependOnClassesThat().resideInAPackage("ca.uhn.fhir..")
                .check(plugin);
    }

    @Test
    void onlyTheBootPackageImportsSpringBoot() {
        noClasses().that().resideOutsideOfPackage("io.github.hapismart.boot..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.boot..")
                .check(plugin);
    }

    @Test
    void nothingDependsOnTheBootPackage() {
        noClasses().that().resideOutsideOfPackage("io.github.hapismart.boot..")
                .should().dependOnClassesThat().resideInAPackage("io.github.hapismart.boot..")
                .check(plugin);
    }

    @Test
    void provisioningDependsOnNeitherHapiNorEndpoints() {
        noClasses().that().resideInAPackage("io.github.hapismart.provision..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.hapismart.hapi..",
                        "io.github.hapismart.token..", "io.github.hapismart.authorize..", "jakarta.servlet..",
                        "org.springframework.context..", "org.springframework.beans..")
                .check(plugin);
    }

    @Test
    void nothingInThePluginDependsOnTheSampleServer() {
        noClasses().should().dependOnClassesThat().resideInAPackage("io.github.hapismart.sample..")
                .check(plugin);
    }

    @Test
    void theScopeGrammarDependsOnNothingElseInThePlugin() {
        noClasses().that().resideInAPackage("io.github.hapismart.scope..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.hapismart.token..",
                        "io.github.hapismart.client..", "io.github.hapismart.hapi..", "io.github.hapismart.store..",
                        "jakarta.servlet..")
                .check(plugin);
    }

    @Test
    void theStoreDependsOnNoEndpoint() {
        noClasses().that().resideInAPackage("io.github.hapismart.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.github.hapismart.token..",
                        "io.github.hapismart.client..", "io.github.hapismart.hapi..", "jakarta.servlet..")
                .check(plugin);
    }
}
