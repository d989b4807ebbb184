package io.github.hapismart.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which enforcement step a JFR sample's stack (leaf first) is counted for. */
class AttributionTest {

    @Test
    void theOutermostEnforcementFrameNamesTheStep() {
        assertEquals(Optional.of("AuthorizationInterceptor.hookPreShow"), Attribution.stepOf(List.of(
                "java.util.HashMap.get",
                "ca.uhn.fhir.rest.server.interceptor.auth.RuleImplOp.applyRule",
                "ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor.hookPreShow",
                "ca.uhn.fhir.interceptor.executor.InterceptorService$HookInvoker.invoke",
                "io.github.hapismart.sample.RequestCostMeter.doFilter")));
    }

    @Test
    void aSampleWithoutEnforcementFramesHasNoStep() {
        assertEquals(Optional.empty(), Attribution.stepOf(List.of(
                "ca.uhn.fhir.jpa.dao.BaseHapiFhirResourceDao.read",
                "io.github.hapismart.sample.RequestCostMeter.doFilter")));
    }

    @Test
    void aSmartSideSampleInHapisDispatcherOutsideEveryHookIsTheDispatchStep() {
        assertEquals(Optional.of(Attribution.HOOK_DISPATCH), Attribution.stepOf(List.of(
                "ca.uhn.fhir.interceptor.api.HookParams.get",
                "ca.uhn.fhir.interceptor.executor.BaseInterceptorService$HookInvoker.invoke",
                "ca.uhn.fhir.interceptor.executor.BaseInterceptorService.callHooks",
                "ca.uhn.fhir.rest.server.RestfulServer.handleRequest",
                "io.github.hapismart.web.CorsFilter.doFilter",
                "io.github.hapismart.sample.RequestCostMeter.doFilter")));
    }

    @Test
    void anAnonymousHooksLambdaIsDispatchAndTheMethodItCallsTheStep() {
        assertEquals(Optional.of("EnforcementHooks.preHandled"), Attribution.stepOf(List.of(
                "java.util.HashMap.get",
                "io.github.hapismart.enforce.EnforcementHooks.preHandled",
                "io.github.hapismart.enforce.EnforcementHooks.lambda$direct$1",
                "io.github.hapismart.enforce.EnforcementHooks$$Lambda$1971+0x00007f72f1f03dd8.138377645.invoke",
                "ca.uhn.fhir.interceptor.executor.InterceptorService$AnonymousLambdaInvoker.invoke",
                "io.github.hapismart.sample.RequestCostMeter.doFilter")));
        assertEquals(Optional.of(Attribution.HOOK_DISPATCH), Attribution.stepOf(List.of(
                "ca.uhn.fhir.interceptor.api.HookParams.get",
                "io.github.hapismart.enforce.EnforcementHooks.lambda$direct$1",
                "io.github.hapismart.enforce.EnforcementHooks$$Lambda$1971+0x00007f72f1f03dd8.138377645.invoke",
                "ca.uhn.fhir.interceptor.executor.InterceptorService$AnonymousLambdaInvoker.invoke",
                "io.github.hapismart.sample.RequestCostMeter.doFilter")));
    }

    @Test
    void aBaselineSampleInHapisDispatcherHasNoStep() {
        assertEquals(Optional.empty(), Attribution.stepOf(List.of(
                "ca.uhn.fhir.interceptor.executor.BaseInterceptorService.callHooks",
                "ca.uhn.fhir.rest.server.RestfulServer.handleRequest",
                "io.github.hapismart.sample.LoopbackOnlyFilter.doFilter",
                "io.github.hapismart.sample.RequestCostMeter.doFilter")));
    }

    @Test
    void theCorsFilterRunsOnBothSidesAndIsNoStep() {
        assertEquals(Optional.empty(), Attribution.stepOf(List.of(
                "io.github.hapismart.web.CorsFilter.doFilter",
                "io.github.hapismart.sample.RequestCostMeter.doFilter")));
    }

    @Test
    void hapisConsentInterceptorAndThePluginsSubclassAreOneStep() {
        assertEquals(Optional.of("ConsentInterceptor (HAPI's and the plugin's)"), Attribution.stepOf(List.of(
                "ca.uhn.fhir.rest.server.interceptor.consent.ConsentInterceptor.interceptPreHandled",
                "io.github.hapismart.enforce.SmartConsentInterceptor.interceptPreHandled",
                "io.github.hapismart.sample.RequestCostMeter.doFilter")));
    }

    @Test
    void aStepsShareOfTheSamplesIsItsShareOfBothSidesCpu() {
        Attribution attribution = new Attribution(1_000, Map.of("BearerTokenInterceptor.authenticate", 10));

        assertEquals(10.0, attribution.micros(10, 520, 480));
    }

    @Test
    void theReportPrintsEachStepsMicrosecondsUnderAHeader() {
        Attribution attribution = new Attribution(1_000, new java.util.LinkedHashMap<>(Map.of(
                "BearerTokenInterceptor.authenticate", 10)));

        assertEquals(List.of("GET Patient/{id}: where the request-thread µs go (JFR under interleaved load, 1,000 "
                        + "metered samples, 10 in enforcement steps = 10.0 µs of the measured +40.0 µs):",
                "      10.0 µs    10  BearerTokenInterceptor.authenticate"),
                Report.attributionText("GET Patient/{id}", attribution, 520, 480).lines().toList());
    }
}
