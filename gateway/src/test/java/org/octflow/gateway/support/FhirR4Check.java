package org.octflow.gateway.support;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a FHIR R4 Bundle with what is served here: HAPI's instance validator (hapi-fhir-validation) is not, so this
 * parses strictly (an unknown element, a bad value or a wrong type is an error), validates the XML encoding against
 * the base R4 XML schemas (hapi-fhir-validation-resources-r4: every resource's required elements, cardinalities and
 * data types), and checks that every reference inside the Bundle resolves to one of its entries. Not checked: the
 * FHIRPath invariants (the schematron needs ph-schematron) and terminology bindings.
 */
public final class FhirR4Check {
    private final FhirContext context = FhirContext.forR4();

    /** The problems found, each "severity location: message"; empty when the Bundle is valid. */
    public List<String> errors(String json) {
        List<String> errors = new ArrayList<>();
        Bundle bundle;
        try {
            bundle = context.newJsonParser().setParserErrorHandler(new StrictErrorHandler())
                    .parseResource(Bundle.class, json);
        } catch (RuntimeException e) {
            return List.of("strict parse: " + e.getMessage());
        }
        FhirValidator validator = context.newValidator();
        validator.setValidateAgainstStandardSchema(true);
        validator.setValidateAgainstStandardSchematron(false);
        validator.validateWithResult(context.newXmlParser().encodeResourceToString(bundle)).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .forEach(m -> errors.add(m.getSeverity() + " " + m.getLocationString() + ": " + m.getMessage()));
        Set<String> fullUrls = bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getFullUrl)
                .collect(Collectors.toSet());
        if (fullUrls.size() != bundle.getEntry().size() || fullUrls.contains(null)) {
            errors.add("ERROR Bundle.entry.fullUrl: missing or not unique (bdl-7)");
        }
        for (Reference reference : context.newTerser().getAllPopulatedChildElementsOfType(bundle, Reference.class)) {
            String target = reference.getReference();
            if (target != null && !fullUrls.contains(target)) {
                errors.add("ERROR reference " + target + " resolves to no entry of the Bundle");
            }
        }
        return errors;
    }

    public Bundle parse(String json) {
        return context.newJsonParser().setParserErrorHandler(new StrictErrorHandler()).parseResource(Bundle.class,
                json);
    }
}
