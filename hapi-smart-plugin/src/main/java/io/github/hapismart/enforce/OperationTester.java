package io.github.hapismart.enforce;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import java.util.EnumSet;
import java.util.Set;

/**
 * Narrows one HAPI rule to some REST operations. HAPI's {@code read()} covers read, vread, search and history, and
 * its {@code write()} covers create and update; SMART separates {@code r} from {@code s} and {@code c} from {@code u},
 * so a scope holding only one of a pair gets the broad rule plus this tester.
 */
record OperationTester(Set<RestOperationTypeEnum> operations) implements IAuthRuleTester {

    /** SMART {@code r}: fetch one resource by id. */
    static final OperationTester READ = new OperationTester(EnumSet.of(
            RestOperationTypeEnum.READ, RestOperationTypeEnum.VREAD));

    /**
     * SMART {@code s}: search and history, paging through them, and the response of operations such as
     * {@code $everything} that return search-like result sets.
     */
    static final OperationTester SEARCH = new OperationTester(EnumSet.of(
            RestOperationTypeEnum.SEARCH_TYPE, RestOperationTypeEnum.SEARCH_SYSTEM,
            RestOperationTypeEnum.HISTORY_INSTANCE, RestOperationTypeEnum.HISTORY_TYPE,
            RestOperationTypeEnum.HISTORY_SYSTEM, RestOperationTypeEnum.GET_PAGE,
            RestOperationTypeEnum.EXTENDED_OPERATION_INSTANCE, RestOperationTypeEnum.EXTENDED_OPERATION_TYPE,
            RestOperationTypeEnum.EXTENDED_OPERATION_SERVER));

    /** SMART {@code u} without {@code c}: update and patch, but not create. */
    static final OperationTester UPDATE = new OperationTester(EnumSet.of(
            RestOperationTypeEnum.UPDATE, RestOperationTypeEnum.PATCH));

    OperationTester {
        operations = Set.copyOf(operations);
    }

    @Override
    public boolean matches(RuleTestRequest request) {
        return operations.contains(request.operation);
    }

    @Override
    public boolean matchesOutput(RuleTestRequest request) {
        return operations.contains(request.operation);
    }
}
