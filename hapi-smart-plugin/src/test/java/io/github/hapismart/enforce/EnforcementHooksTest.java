package io.github.hapismart.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.withSettings;

import ca.uhn.fhir.interceptor.api.HookParams;
import ca.uhn.fhir.interceptor.api.IAnonymousInterceptor;
import ca.uhn.fhir.interceptor.api.IBaseInterceptorBroadcaster.IInvoker;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.interceptor.executor.InterceptorService;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.interceptor.consent.IConsentContextServices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.mockito.Answers;
import org.mockito.invocation.Invocation;
import org.mockito.stubbing.Answer;

/**
 * {@link EnforcementHooks} against HAPI's own dispatch of the parts it stands for: on every pointcut, registering the
 * one interceptor calls the same methods of the same parts, with the same arguments, in the same order, as registering
 * each part does. The parts are mocks, so only the calls are compared; what the calls decide is the subject of the
 * enforcement's other tests, which all run through {@link EnforcementHooks}. Two consent hooks are left out on
 * purpose ({@link #LEFT_OUT}).
 */
class EnforcementHooksTest {

    /** Boolean hooks answer "go on", so that HAPI calls every hook of the pointcut and every one is compared. */
    private static final Answer<Object> GO_ON = invocation -> invocation.getMethod().getReturnType() == boolean.class
            ? Boolean.TRUE : Answers.RETURNS_DEFAULTS.answer(invocation);

    private final SmartSearchNarrowingInterceptor narrowing = part(SmartSearchNarrowingInterceptor.class);
    private final SmartConsentInterceptor consent = part(SmartConsentInterceptor.class);
    private final SmartAuthorizationInterceptor authorization = part(SmartAuthorizationInterceptor.class);
    private final WriteGuard writeGuard = part(WriteGuard.class);
    private final ExportOwnership exportOwnership = part(ExportOwnership.class);
    private final AuditTrailGuard auditTrailGuard = part(AuditTrailGuard.class);
    private final DenialExplanation explanation = part(DenialExplanation.class);
    private final BearerTokenInterceptor authentication = part(BearerTokenInterceptor.class);
    private final EnforcementHooks hooks = new EnforcementHooks(narrowing, consent, authorization, writeGuard,
            exportOwnership, auditTrailGuard, explanation, authentication);

    private static <T> T part(Class<T> type) {
        return mock(type, withSettings().defaultAnswer(GO_ON));
    }

    /** The consent hooks that only report the request's end to the consent services; see {@link EnforcementHooks}. */
    private static final Set<String> LEFT_OUT = Set.of("SmartConsentInterceptor.requestSucceeded",
            "SmartConsentInterceptor.requestFailed");

    @Test
    void everyPointcutCallsThePartsAsRegisteringEachPartWould() {
        InterceptorService separately = partsRegisteredOneByOne();
        InterceptorService together = new InterceptorService();
        hooks.registerOn(together);

        Set<Pointcut> pointcuts = EnumSet.noneOf(Pointcut.class);
        for (Pointcut pointcut : Pointcut.values()) {
            if (separately.hasHooks(pointcut) || together.hasHooks(pointcut)) {
                pointcuts.add(pointcut);
            }
        }
        // Every pointcut one of the parts hooks, as HAPI 8.8 declares them; a new one must be added to the class.
        assertEquals(16, pointcuts.size(), pointcuts.toString());
        Set<String> leftOut = new java.util.TreeSet<>();
        for (Pointcut pointcut : pointcuts) {
            HookParams params = paramsFor(pointcut);
            List<String> separateCalls = callsOn(separately, pointcut, params);
            List<String> expected = separateCalls.stream().filter(call -> !LEFT_OUT.contains(method(call))).toList();
            separateCalls.stream().map(EnforcementHooksTest::method).filter(LEFT_OUT::contains).forEach(leftOut::add);
            assertEquals(expected, callsOn(together, pointcut, params), pointcut.name());
        }
        assertEquals(new java.util.TreeSet<>(LEFT_OUT), leftOut);
        assertFalse(together.hasHooks(Pointcut.SERVER_PROCESSING_COMPLETED_NORMALLY));
    }

    @Test
    void theLeftOutHooksWouldTellTheConsentServiceNothingItActsOn() throws NoSuchMethodException {
        assertTrue(SearchResultFilter.class.getMethod("completeOperationSuccess", RequestDetails.class,
                IConsentContextServices.class).isDefault());
        assertTrue(SearchResultFilter.class.getMethod("completeOperationFailure", RequestDetails.class,
                BaseServerResponseException.class, IConsentContextServices.class).isDefault());
    }

    @Test
    void eachHookRunsAtTheEarliestOrderOfThePartsItCalls() {
        InterceptorService separately = partsRegisteredOneByOne();
        InterceptorService together = new InterceptorService();
        hooks.registerOn(together);
        for (Pointcut pointcut : Pointcut.values()) {
            List<Integer> separateOrders = separately.getInvokersForPointcut(pointcut).stream()
                    .filter(invoker -> LEFT_OUT.stream().noneMatch(invoker.getHookDescription()::endsWith))
                    .map(IInvoker::getOrder).toList();
            List<Integer> togetherOrders = together.getInvokersForPointcut(pointcut).stream()
                    .map(IInvoker::getOrder).toList();
            if (pointcut == Pointcut.SERVER_HANDLE_EXCEPTION) {
                // HAPI's exception handler (order 0) ends this pointcut, so the explanation keeps its own order.
                assertEquals(List.of(HookOrder.EXPLAIN), togetherOrders);
                assertEquals(separateOrders, togetherOrders);
            } else if (separateOrders.isEmpty()) {
                assertEquals(List.of(), togetherOrders, pointcut.name());
            } else {
                assertEquals(List.of(separateOrders.get(0)), togetherOrders, pointcut.name());
            }
        }
    }

    @Test
    void thePartsAreNotRegisteredThemselves() {
        SmartEnforcement enforcement = SmartEnforcement.create(new ReachPolicy(UserAccessPolicy.SERVER_WIDE), null,
                null);
        List<Object> registered = enforcement.interceptors();
        assertTrue(registered.get(0) instanceof EnforcementHooks);
        // the hooks that answer nothing, each an anonymous interceptor; no part among them
        assertEquals(13, registered.size());
        assertTrue(registered.stream().skip(1).allMatch(IAnonymousInterceptor.class::isInstance));

        InterceptorService service = new InterceptorService();
        hooks.registerOn(service);
        assertEquals(hooks.registrations(), service.getAllRegisteredInterceptors());
    }

    /** An interceptor service with each part registered on its own, as the enforcement registered them before. */
    private InterceptorService partsRegisteredOneByOne() {
        InterceptorService service = new InterceptorService();
        hooks.parts().forEach(service::registerInterceptor);
        return service;
    }

    /** One distinct value for each of the pointcut's parameters; enums take their first constant. */
    private static HookParams paramsFor(Pointcut pointcut) {
        HookParams params = new HookParams();
        for (String typeName : pointcut.getParameterTypes()) {
            Class<Object> type = load(typeName);
            params.add(type, valueOf(type));
        }
        return params;
    }

    @SuppressWarnings("unchecked")
    private static Class<Object> load(String typeName) {
        try {
            return (Class<Object>) Class.forName(typeName);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(typeName, e);
        }
    }

    private static Object valueOf(Class<?> type) {
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type == String.class) {
            return "a-string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return Boolean.TRUE;
        }
        return mock(type);
    }

    /** The part methods {@code service} calls on {@code pointcut}, in order, each with its arguments. */
    private List<String> callsOn(InterceptorService service, Pointcut pointcut, HookParams params) {
        List<Object> parts = hooks.parts();
        parts.forEach(part -> clearInvocations(part));
        service.callHooks(pointcut, params);
        Map<Object, String> names = new IdentityHashMap<>();
        parts.forEach(part -> names.put(part, part.getClass().getSimpleName()));
        List<Invocation> invocations = new ArrayList<>();
        for (Object part : parts) {
            invocations.addAll(mockingDetails(part).getInvocations());
        }
        invocations.sort(Comparator.comparingInt(Invocation::getSequenceNumber));
        Map<Object, String> argumentNames = new IdentityHashMap<>();
        return invocations.stream()
                .map(call -> names.get(call.getMock()) + "." + call.getMethod().getName()
                        + Arrays.stream(call.getArguments()).map(argument -> describe(argument, argumentNames))
                        .collect(Collectors.joining(", ", "(", ")")))
                .toList();
    }

    /** {@code Part.method} of a call as {@link #callsOn} writes it. */
    private static String method(String call) {
        return call.substring(0, call.indexOf('('));
    }

    /** An argument by identity: the same object gets the same name in both dispatches. */
    private static String describe(Object argument, Map<Object, String> names) {
        if (argument == null || argument instanceof Enum<?> || argument instanceof String) {
            return String.valueOf(argument);
        }
        return names.computeIfAbsent(argument, key -> argument.getClass().getSimpleName() + "#"
                + System.identityHashCode(argument));
    }
}
