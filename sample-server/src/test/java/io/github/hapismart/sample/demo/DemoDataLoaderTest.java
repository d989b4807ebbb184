package io.github.hapismart.sample.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/** The loader against in-memory stand-ins for the DAOs: it loads into an empty server and only there. */
class DemoDataLoaderTest {

    private final List<SearchParameterMap> searches = new ArrayList<>();
    private final List<Bundle> transactions = new ArrayList<>();
    private final DemoDataLoader loader =
            new DemoDataLoader(FhirContext.forR4Cached(), new DemoDataGenerator(DemoDataGenerator.DEFAULT_SEED));

    @Test
    void loadsTheTransactionWhenTheDemoPatientIsAbsent() {
        assertTrue(loader.loadIfAbsent(systemDao(), patientDao(List.of())));
        assertEquals(1, transactions.size());
        long patients = transactions.get(0).getEntry().stream()
                .filter(entry -> entry.getResource() instanceof Patient).count();
        assertEquals(DemoDataGenerator.PATIENT_COUNT, patients);
    }

    @Test
    void loadsNothingWhenTheDemoPatientExists() {
        assertFalse(loader.loadIfAbsent(systemDao(), patientDao(List.of(new Patient()))));
        assertTrue(transactions.isEmpty());
    }

    @Test
    void looksForTheDemoPatientByMrnWithASynchronousSearch() {
        loader.loadIfAbsent(systemDao(), patientDao(List.of()));
        SearchParameterMap search = searches.get(0);
        assertTrue(search.isLoadSynchronous());
        TokenParam token = (TokenParam) search.get("identifier").get(0).get(0);
        assertEquals(DemoDataGenerator.MRN_SYSTEM, token.getSystem());
        assertEquals("demo-1", token.getValue());
    }

    @Test
    void refusesANonR4Context() {
        assertThrows(IllegalArgumentException.class, () -> new DemoDataLoader(FhirContext.forR5Cached(),
                new DemoDataGenerator(DemoDataGenerator.DEFAULT_SEED)));
    }

    @SuppressWarnings("unchecked")
    private IFhirResourceDao<Patient> patientDao(List<Patient> existing) {
        return (IFhirResourceDao<Patient>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {IFhirResourceDao.class}, (proxy, method, args) -> {
                    if (method.getName().equals("search") && args.length == 2) {
                        searches.add((SearchParameterMap) args[0]);
                        assertInstanceOf(SystemRequestDetails.class, args[1]);
                        return new SimpleBundleProvider(existing);
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }

    @SuppressWarnings("unchecked")
    private IFhirSystemDao<Bundle, ?> systemDao() {
        return (IFhirSystemDao<Bundle, ?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {IFhirSystemDao.class}, (proxy, method, args) -> {
                    if (method.getName().equals("transaction")) {
                        assertInstanceOf(SystemRequestDetails.class, args[0]);
                        transactions.add((Bundle) args[1]);
                        return new Bundle().setType(Bundle.BundleType.TRANSACTIONRESPONSE);
                    }
                    throw new UnsupportedOperationException(method.toString());
                });
    }
}
