package org.octflow.gateway.report;

import ca.uhn.fhir.context.FhirContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * One FhirContext per application: building one scans the R4 model classes (about a second), and it is thread-safe
 * once built. Made at the first FHIR request, not at start.
 */
@ApplicationScoped
public class FhirContextProducer {

    @Produces
    @Singleton
    FhirContext fhirR4() {
        return FhirContext.forR4();
    }
}
