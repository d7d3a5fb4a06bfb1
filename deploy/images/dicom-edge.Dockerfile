# The DICOM edge image: Debian's Orthanc and its DICOMweb plugin, the same packages the tests run on loopback
# (LocalOrthanc, OrthancForwardingTest). Its configuration and forwarding script come from the ConfigMap
# octflow-dicom-edge (deploy/k8s/base/dicom-edge/). Build from the repository root:
#   docker build -f deploy/images/dicom-edge.Dockerfile -t octflow/dicom-edge:0.1.0 .
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install -y --no-install-recommends orthanc orthanc-dicomweb \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 octflow \
    && mkdir -p /var/lib/orthanc/db && chown 10001:10001 /var/lib/orthanc/db
USER 10001
EXPOSE 4242
ENTRYPOINT ["/usr/sbin/Orthanc"]
CMD ["/etc/octflow-edge/orthanc.json"]
