package org.octflow.gateway.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.resteasy.reactive.RestQuery;
import org.octflow.gateway.monitoring.EstimateView;
import org.octflow.gateway.monitoring.EstimateWindows;
import org.octflow.gateway.monitoring.GroupBy;
import org.octflow.gateway.monitoring.WindowEstimates;

import static org.octflow.gateway.api.QueryResource.blankToNull;
import static org.octflow.gateway.api.QueryResource.instant;

/** How the served model is doing without labels (issue #30): results, so the reader's key reads them. */
@Path("/api/v1/monitoring")
@SecurityRequirement(name = "apiKey")
@Produces(MediaType.APPLICATION_JSON)
public class MonitoringResource {
    private final WindowEstimates estimates;

    public MonitoringResource(WindowEstimates estimates) {
        this.estimates = estimates;
    }

    @GET
    @Path("/estimate")
    @Operation(summary = "Estimated accuracy without labels, beside the accuracy measured on reviewed scans",
            description = "Over the latest predictions made in [from, to) (at most octflow.monitoring.window-cap,"
                    + " 5,000 by default; capped says whether more were left out), per model version, or per version"
                    + " and site or device: expected accuracy, per-class precision and recall, review share, each"
                    + " with an interval; reviewed accuracy with its Wilson interval and whether there are enough.")
    public EstimateView estimate(@RestQuery String modelName, @RestQuery String modelVersion,
                                 @Parameter(description = "the scan's \"site\" metadata value, exactly")
                                 @RestQuery String site,
                                 @Parameter(description = "the scan's \"device\" metadata value, exactly")
                                 @RestQuery String device,
                                 @Parameter(description = "ISO-8601 instant, inclusive") @RestQuery String from,
                                 @Parameter(description = "ISO-8601 instant, exclusive") @RestQuery String to,
                                 @Parameter(description = "modelVersion (default), site or device")
                                 @RestQuery String groupBy) {
        var filter = new EstimateWindows.Filter(blankToNull(modelName), blankToNull(modelVersion), blankToNull(site),
                blankToNull(device), instant("from", from), instant("to", to));
        return estimates.estimate(filter, GroupBy.parse(groupBy));
    }
}
