package io.github.hapismart;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps the dependency arrows of the plugin one-way: every "may depend on" line of the package-info files is a rule
 * here, so an arrow the documentation does not allow fails the build (and a changed arrow needs both changed).
 */
class ArchitectureTest {

    private static final String ROOT = "io.github.hapismart";

    private static final JavaClasses PLUGIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    /** Each package → the plugin packages its package-info says it may depend on (besides itself). */
    private static final Map<String, List<String>> MAY_DEPEND_ON = Map.ofEntries(
            Map.entry("config", List.of()),
            Map.entry("audit", List.of()),
            Map.entry("scope", List.of()),
            Map.entry("store", List.of()),
            Map.entry("user", List.of("store", "scope")),
            Map.entry("keys", List.of("store", "web")),
            Map.entry("web", List.of("config", "store")),
            Map.entry("discovery", List.of("config")),
            Map.entry("client", List.of("config", "store", "keys", "web", "audit")),
            Map.entry("launch", List.of("config", "store", "scope", "client", "web", "audit")),
            Map.entry("token", List.of("config", "store", "keys", "client", "scope", "user", "launch", "web",
                    "audit")),
            Map.entry("authorize", List.of("config", "store", "client", "user", "scope", "launch", "token", "web",
                    "audit")),
            Map.entry("introspect", List.of("client", "token", "web", "audit")),
            Map.entry("revoke", List.of("client", "token", "web")),
            Map.entry("userinfo", List.of("config", "scope", "token", "user", "web")),
            Map.entry("brands", List.of("config", "web")),
            Map.entry("appstate", List.of("config", "store", "scope", "token", "client", "web")),
            Map.entry("provision", List.of("client", "user", "config")),
            Map.entry("enforce", List.of("scope", "token", "audit")),
            Map.entry("resource", List.of("scope")),
            Map.entry("federate", List.of("config", "store", "keys", "user", "provision", "authorize", "audit")),
            Map.entry("", List.of("config", "store", "keys", "web", "discovery", "client", "launch", "token",
                    "authorize", "introspect", "revoke", "userinfo", "brands", "appstate", "provision", "user",
                    "scope", "federate", "audit")),
            Map.entry("hapi", List.of("", "config", "store", "keys", "web", "discovery", "client", "launch", "token",
                    "authorize", "introspect", "revoke", "userinfo", "brands", "appstate", "provision", "user",
                    "scope", "enforce", "resource", "federate", "audit")));

    static Stream<Arguments> packages() {
        return MAY_DEPEND_ON.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(entry -> Arguments.of(entry.getKey(), entry.getValue()));
    }

    @ParameterizedTest(name = "{0} may depend on {1}")
    @MethodSource("packages")
    void eachPackageDependsOnlyOnWhatItsPackageInfoAllows(String name, List<String> allowed) {
        String[] inPlugin = Stream.concat(Stream.of(name), allowed.stream())
                .map(p -> p.isEmpty() ? ROOT : ROOT + "." + p + "..").toArray(String[]::new);
        classes().that(name.isEmpty() ? resideInAPackage(ROOT) : resideInAPackage(ROOT + "." + name + ".."))
                .should().onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..").or(resideInAnyPackage(inPlugin)))
                .because("the package-info of " + name + " allows " + Arrays.toString(inPlugin))
                .check(PLUGIN);
    }

    @Test
    void onlyTheEnforceHapiAndBootPackagesImportHapi() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".enforce..", ROOT + ".hapi..", ROOT + ".boot..")
                .should().dependOnClassesThat().resideInAPackage("ca.uhn.fhir..")
                .check(PLUGIN);
    }

    @Test
    void enforcementUsesHapisServerApiButNotItsJpaModules() {
        noClasses().that().resideInAPackage(ROOT + ".enforce..")
                .should().dependOnClassesThat().resideInAnyPackage("ca.uhn.fhir.jpa..", "ca.uhn.fhir.batch2..")
                .check(PLUGIN);
    }

    @Test
    void onlyTheBootPackageImportsSpringBoot() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".boot..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.boot..")
                .check(PLUGIN);
    }

    @Test
    void nothingDependsOnTheBootPackage() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".boot..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".boot..")
                .check(PLUGIN);
    }

    @Test
    void onlyBootDependsOnHapiAndOnlyHapiAndBootOnEnforce() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".hapi..", ROOT + ".boot..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".hapi..")
                .check(PLUGIN);
        noClasses().that().resideOutsideOfPackages(ROOT + ".enforce..", ROOT + ".hapi..", ROOT + ".boot..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".enforce..")
                .check(PLUGIN);
    }

    @Test
    void provisioningDependsOnNeitherServletsNorSpring() {
        noClasses().that().resideInAPackage(ROOT + ".provision..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.servlet..",
                        "org.springframework.context..", "org.springframework.beans..")
                .check(PLUGIN);
    }

    @Test
    void nothingInThePluginDependsOnTheSampleServer() {
        noClasses().should().dependOnClassesThat().resideInAPackage(ROOT + ".sample..")
                .check(PLUGIN);
    }

    @Test
    void theScopeGrammarDependsOnNothingButTheJdk() {
        classes().that().resideInAPackage(ROOT + ".scope..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", ROOT + ".scope.."))
                .check(PLUGIN);
    }

    @Test
    void theStoreDependsOnlyOnTheJdkJavaxSqlAndSlf4j() {
        classes().that().resideInAPackage(ROOT + ".store..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "javax.sql..", "org.slf4j..",
                        ROOT + ".store.."))
                .check(PLUGIN);
    }

    @Test
    void theAuditTrailDependsOnlyOnTheJdkSlf4jAndTheR4Model() {
        classes().that().resideInAPackage(ROOT + ".audit..")
                .should().onlyDependOnClassesThat(resideInAnyPackage("java..", "org.slf4j..",
                        "org.hl7.fhir.r4.model..", ROOT + ".audit.."))
                .check(PLUGIN);
    }

    @Test
    void theAuthorizationEndpointNeverDependsOnHapi() {
        noClasses().that().resideInAPackage(ROOT + ".authorize..")
                .should().dependOnClassesThat(resideInAPackage("ca.uhn.fhir.."))
                .check(PLUGIN);
    }
}
