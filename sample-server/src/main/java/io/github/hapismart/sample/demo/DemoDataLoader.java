package io.github.hapismart.sample.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import java.util.Objects;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the demo data into a JPA server once: if no Patient carries MRN {@code demo-1}, it posts the
 * generator's transaction Bundle; otherwise it does nothing, so restarts against a persistent database do not
 * duplicate the data. Not safe against two servers loading the same empty database at the same moment.
 */
public final class DemoDataLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataLoader.class);

    private final FhirContext ctx;
    private final DemoDataGenerator generator;

    /** @throws IllegalArgumentException if {@code ctx} is not an R4 context (the bundle is R4) */
    public DemoDataLoader(FhirContext ctx, DemoDataGenerator generator) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.generator = Objects.requireNonNull(generator, "generator");
        if (ctx.getVersion().getVersion() != FhirVersionEnum.R4) {
            throw new IllegalArgumentException("Demo data is R4; got a " + ctx.getVersion().getVersion()
                    + " FhirContext");
        }
    }

    /**
     * Posts the demo transaction unless patient {@code demo-1} already exists.
     *
     * @return true if this call loaded the data, false if it was already there
     */
    public boolean loadIfAbsent(IFhirSystemDao<Bundle, ?> systemDao, IFhirResourceDao<Patient> patientDao) {
        SearchParameterMap byMrn = SearchParameterMap.newSynchronous("identifier",
                new TokenParam(DemoDataGenerator.MRN_SYSTEM, DemoDataGenerator.DEMO_PATIENT_MRN));
        IBundleProvider existing = patientDao.search(byMrn, new SystemRequestDetails());
        if (!existing.getResources(0, 1).isEmpty()) {
            LOG.info("Demo data already present (Patient {}|{}); not loading",
                    DemoDataGenerator.MRN_SYSTEM, DemoDataGenerator.DEMO_PATIENT_MRN);
            return false;
        }
        Bundle bundle = generator.transactionBundle();
        systemDao.transaction(new SystemRequestDetails(), bundle);
        LOG.info("Loaded {} demo {} resources", bundle.getEntry().size(), ctx.getVersion().getVersion());
        return true;
    }
}
