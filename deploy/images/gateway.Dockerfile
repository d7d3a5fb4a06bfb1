# Gateway image (Quarkus fast-jar). Build from the repository root after `./mvnw -B -ntp package -DskipTests`:
#   docker build -f deploy/images/gateway.Dockerfile -t octflow/gateway:0.1.0 .
FROM eclipse-temurin:17-jre-noble
RUN useradd --system --uid 10001 octflow
WORKDIR /app
COPY --chown=10001 gateway/target/quarkus-app/lib/ lib/
COPY --chown=10001 gateway/target/quarkus-app/*.jar ./
COPY --chown=10001 gateway/target/quarkus-app/app/ app/
COPY --chown=10001 gateway/target/quarkus-app/quarkus/ quarkus/
USER 10001
ENV QUARKUS_HTTP_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/quarkus-run.jar"]
