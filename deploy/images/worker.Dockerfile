# Inference worker image. Build from the repository root.
# CPU (the CPU ONNX Runtime, 54 MB):
#   ./mvnw -B -ntp package -DskipTests -pl inference-worker -am
#   docker build -f deploy/images/worker.Dockerfile -t octflow/inference-worker:0.1.0 .
# GPU nodes (the CUDA build of ONNX Runtime; its CUDA provider needs CUDA 12 + cuDNN 9 user-space libraries):
#   ./mvnw -B -ntp -P gpu package -DskipTests -pl inference-worker -am
#   docker build --build-arg BASE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04 -f deploy/images/worker.Dockerfile \
#     -t octflow/inference-worker:0.1.0-cuda .
ARG BASE=eclipse-temurin:17-jre-noble

# ONNX Runtime's native libraries, unpacked once here: at run time they load from /app/native, so a start writes
# nothing to /tmp (the container's root file system is read-only; UnpackedOnnxRuntimeTest checks the flag).
FROM eclipse-temurin:17-jdk-noble AS native
COPY inference-worker/target/lib/ /lib-jars/
RUN mkdir /native-unpacked && cd /native-unpacked \
    && jar xf /lib-jars/onnxruntime*.jar ai/onnxruntime/native/linux-x64 \
    && mv ai/onnxruntime/native/linux-x64 /native

FROM ${BASE}
# The CUDA base has no Java; the Temurin base already has it.
RUN command -v java >/dev/null || (apt-get update && apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*)
RUN useradd --system --uid 10001 octflow
WORKDIR /app
COPY inference-worker/target/lib/ lib/
COPY inference-worker/target/inference-worker.jar inference-worker.jar
COPY --from=native /native/ /app/native/
COPY models/ /models/
USER 10001
ENV OCTFLOW_MODEL_DIR=/models/octmnist-cnn \
    OCTFLOW_DEVICE=auto \
    OCTFLOW_HTTP_PORT=8081 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError -Donnxruntime.native.path=/app/native"
EXPOSE 8081
ENTRYPOINT ["java", "-jar", "/app/inference-worker.jar"]
