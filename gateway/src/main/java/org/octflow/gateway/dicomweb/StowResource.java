package org.octflow.gateway.dicomweb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;
import org.octflow.dicom.DicomException;
import org.octflow.dicom.OctVolume;
import org.octflow.dicom.OctVolumeReader;
import org.octflow.dicom.ScanOrigin;
import org.octflow.gateway.config.GatewayConfig;
import org.octflow.gateway.scan.UploadRejectedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * DICOMweb Store (STOW-RS, PS3.18 10.5): OCT volumes in, one scan per B-scan frame, answered per instance. The body is
 * read part by part and each part frame by frame as it arrives ({@link MultipartRelatedReader}, the dicom module's
 * {@link OctVolumeReader}), so a volume is never held whole. Imaging keys only ({@code Role.IMAGING}).
 */
@Path("/dicom-web")
@SecurityRequirement(name = "apiKey")
public class StowResource {
    private static final Logger LOG = Logger.getLogger(StowResource.class);

    private final VolumeIngest ingest;
    private final ObjectMapper json;
    private final long maxBodyBytes;

    public StowResource(VolumeIngest ingest, ObjectMapper json, GatewayConfig config) {
        this.ingest = ingest;
        this.json = json;
        this.maxBodyBytes = config.dicomweb().maxBodyBytes();
    }

    @POST
    @Path("/studies")
    @Consumes("multipart/related")
    @Produces({StowReply.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Store OCT volumes (Ophthalmic Tomography Image) by STOW-RS",
            description = "multipart/related; type=\"application/dicom\": one DICOM Part 10 file per part. 200 all"
                    + " stored, 202 some, 409 none (FailedSOPSequence says why per instance); 400 a malformed body,"
                    + " 413 over octflow.dicomweb.max-body-bytes, 415 another media type.")
    public Response store(InputStream body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return store(body, contentType, null);
    }

    @POST
    @Path("/studies/{study}")
    @Consumes("multipart/related")
    @Produces({StowReply.MEDIA_TYPE, MediaType.APPLICATION_JSON})
    @Operation(summary = "Store OCT volumes of one study by STOW-RS",
            description = "As POST /dicom-web/studies; an instance of another study is refused (A900).")
    public Response storeInStudy(@PathParam("study") String study, InputStream body,
                                 @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        return store(body, contentType, study);
    }

    @POST
    @Path("/studies")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Any other media type is refused with 415")
    public Response other(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        throw refusedType(contentType);
    }

    @POST
    @Path("/studies/{study}")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Any other media type is refused with 415")
    public Response otherInStudy(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType) {
        throw refusedType(contentType);
    }

    private static UploadRejectedException refusedType(String contentType) {
        MultipartRelated.parse(contentType); // says why
        return new UploadRejectedException(415, "send multipart/related; type=\"application/dicom\"");
    }

    private Response store(InputStream body, String contentType, String study) {
        MultipartRelated type = MultipartRelated.parse(contentType);
        MultipartRelatedReader reader = new MultipartRelatedReader(body, type.boundary(), maxBodyBytes);
        StowReply reply = new StowReply();
        try {
            for (var part = reader.next(); part.isPresent(); part = reader.next()) {
                storePart(part.get(), study, reply);
            }
        } catch (MultipartRelatedReader.BodyTooLarge e) {
            throw new UploadRejectedException(413, "the body is over " + maxBodyBytes + " bytes, the most this"
                    + " gateway reads per STOW-RS request (octflow.dicomweb.max-body-bytes); " + reply.stored().size()
                    + " instance(s) before that point were stored: send the rest in further requests");
        } catch (MultipartRelatedReader.MalformedBody e) {
            if (reply.stored().isEmpty()) {
                throw new UploadRejectedException(400, "the body is not a readable multipart/related body: "
                        + e.getMessage());
            }
            // Instances already stored stay stored: say so, and fail the part that was cut.
            reply.failed(new StowReply.Failure(reply.stored().size() + reply.failures().size() + 1, null, null,
                    FailureReason.CANNOT_UNDERSTAND, e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException("the STOW-RS body could not be read", e);
        }
        if (reply.isEmpty()) {
            throw new UploadRejectedException(400, "the multipart/related body holds no parts: send one DICOM Part"
                    + " 10 file per part");
        }
        int frames = reply.stored().stream().mapToInt(StowReply.Stored::frames).sum();
        LOG.infof("STOW-RS: %d instance(s) stored (%d B-scans), %d refused, %d bytes read", reply.stored().size(),
                frames, reply.failures().size(), reader.bytesRead());
        Response.ResponseBuilder response = Response.status(reply.status()).type(StowReply.MEDIA_TYPE)
                .entity(write(reply));
        for (StowReply.Failure failure : reply.failures()) {
            // PS3.18 10.5.3: a Warning header may say more than the code; never a patient attribute (the dicom
            // module's messages carry none).
            response.header("Warning", "299 octflow \"part " + failure.part() + ": " + failure.reason().hex() + " "
                    + failure.why().replace('"', '\'').replace('\r', ' ').replace('\n', ' ') + "\"");
        }
        return response.build();
    }

    private void storePart(MultipartRelatedReader.Part part, String study, StowReply reply) throws IOException {
        OctVolume volume;
        try {
            volume = new OctVolumeReader().open(part.body());
        } catch (DicomException e) {
            if (e.getCause() instanceof IOException body) {
                throw body; // the multipart body itself failed (cut short, over the cap): not this instance's fault
            }
            refuse(reply, part.number(), Optional.empty(), FailureReason.of(e), e.getMessage());
            return;
        }
        ScanOrigin origin = volume.origin(1);
        if (study != null && !study.equals(origin.studyInstanceUid())) {
            refuse(reply, part.number(), Optional.of(origin), FailureReason.DATA_SET_DOES_NOT_MATCH,
                    "its Study Instance UID is not the study of the request path (PS3.18 10.5.1)");
            return;
        }
        if (ingest.alreadyStored(origin.sopInstanceUid())) {
            reply.stored(new StowReply.Stored(origin.sopClassUid(), origin.sopInstanceUid(), 0, true));
            LOG.infof("STOW-RS part %d: instance %s was stored before; not stored again", part.number(),
                    origin.sopInstanceUid());
            return;
        }
        try {
            int frames = ingest.store(volume);
            reply.stored(new StowReply.Stored(origin.sopClassUid(), origin.sopInstanceUid(), frames, false));
        } catch (InstanceRefused e) {
            refuse(reply, part.number(), Optional.of(origin), e.reason(), e.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause(); // rolled back; the body itself failed
        } catch (RuntimeException e) {
            LOG.warnf("STOW-RS part %d: storing failed (%s)", part.number(), e.getClass().getSimpleName());
            refuse(reply, part.number(), Optional.of(origin), FailureReason.OUT_OF_RESOURCES,
                    "the gateway could not store it now (database or outbox): send it again");
        }
    }

    private static void refuse(StowReply reply, int part, Optional<ScanOrigin> origin, FailureReason reason,
                               String why) {
        LOG.infof("STOW-RS part %d refused (%s): %s", part, reason.hex(), why);
        reply.failed(new StowReply.Failure(part, origin.map(ScanOrigin::sopClassUid).orElse(null),
                origin.map(ScanOrigin::sopInstanceUid).orElse(null), reason, why));
    }

    private String write(StowReply reply) {
        try {
            return json.writeValueAsString(reply.json());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the STOW-RS reply could not be written", e);
        }
    }
}
