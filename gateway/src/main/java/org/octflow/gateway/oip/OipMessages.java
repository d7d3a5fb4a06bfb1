package org.octflow.gateway.oip;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;

/** The Open Inference Protocol's (KServe v2) JSON shapes, as records: what {@code /v2} reads and writes. */
public final class OipMessages {
    private OipMessages() {
    }

    /** {@code GET /v2}. */
    public record ServerMetadata(String name, String version, List<String> extensions) {
    }

    /** {@code GET /v2/models/{name}[/versions/{version}]}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelMetadata(String name, List<String> versions, String platform, List<TensorMetadata> inputs,
                                List<TensorMetadata> outputs, Map<String, Object> parameters) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TensorMetadata(String name, String datatype, List<Long> shape, Map<String, Object> parameters) {
    }

    /** {@code POST .../infer}: data may be flat or nested row-major arrays, so it stays JSON until checked. */
    public record InferRequest(String id, Map<String, Object> parameters, List<RequestInput> inputs,
                               List<RequestOutput> outputs) {
    }

    public record RequestInput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
                               JsonNode data) {
    }

    public record RequestOutput(String name, Map<String, Object> parameters) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InferResponse(String model_name, String model_version, String id, Map<String, Object> parameters,
                                List<ResponseOutput> outputs) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ResponseOutput(String name, List<Long> shape, String datatype, Map<String, Object> parameters,
                                 List<?> data) {
    }
}
