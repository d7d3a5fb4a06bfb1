package org.octflow.launcher;

import org.octflow.testkit.LocalOrthanc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** `./octflow up`: runs the stack until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, PostgreSQL, the gateway and workers locally; Ctrl-C stops them.")
final class UpCommand implements Callable<Integer> {
    private final PrintStream out = System.out;
    @Mixin
    StackArguments stack;
    @Option(names = "--dicom", description = "also start the DICOM edge (Debian's Orthanc with its DICOMweb plugin,"
            + " deploy/k8s/base/dicom-edge/forward.lua): C-STORE OCT volumes to it and it forwards them by STOW-RS")
    boolean dicom;
    @Option(names = "--dicom-port", defaultValue = "4242", description = "the DICOM edge's C-STORE port")
    int dicomPort;

    @Override
    public Integer call() throws InterruptedException {
        StackOptions options = stack.toOptions();
        // The edge first: the gateway stores each exam's SR back on it, as on a hospital's PACS.
        Optional<LocalOrthanc> edge = dicom ? startDicomEdge(options) : Optional.empty();
        LocalStack stack = LocalStack.start(options, edge.map(orthanc -> Map.of("OCTFLOW_REPORTS_STOW_URL",
                orthanc.restUrl() + "dicom-web/studies")).orElse(Map.of()), out);
        printHowToUse(out, stack);
        edge.ifPresent(orthanc -> {
            out.println("DICOM edge (AE " + LocalOrthanc.AE_TITLE + "): storescu -aec " + LocalOrthanc.AE_TITLE
                    + " 127.0.0.1 " + orthanc.dicomPort() + " volume.dcm  (JPEG-compressed volumes: add -xy);"
                    + " Orthanc's log: " + orthanc.log());
            out.println("Orthanc's REST API: " + orthanc.restUrl() + " (loopback; forwarding jobs at /jobs; each exam's"
                    + " DICOM SR is stored back here once it has its result)");
            Runtime.getRuntime().addShutdownHook(new Thread(orthanc::close));
        });
        waitForCtrlC(out, stack);
        return 0;
    }

    /** The edge, or empty (said once) when Orthanc is not installed: the stack runs on without it. */
    private Optional<LocalOrthanc> startDicomEdge(StackOptions options) {
        Optional<String> unavailable = LocalOrthanc.unavailable();
        if (unavailable.isPresent()) {
            out.println("--dicom: the DICOM edge is not started: " + unavailable.get()
                    + "; the stack runs without it (STOW-RS at " + options.dashboardUrl() + "dicom-web/studies)");
            return Optional.empty();
        }
        return Optional.of(LocalOrthanc.start(options.stateDir().resolve("dicom-edge"),
                LocalOrthanc.deployedForwardScript(options.home()), options.dashboardUrl() + "dicom-web/",
                StackOptions.IMAGING_KEY, dicomPort));
    }

    static void printHowToUse(PrintStream out, LocalStack stack) {
        StackOptions options = stack.options();
        out.println();
        out.println("OCTFlow is up. Dashboard: " + options.dashboardUrl());
        out.println("API keys (local stack only): submitter '" + StackOptions.SUBMITTER_KEY + "', reader '"
                + StackOptions.READER_KEY + "', reviewer '" + StackOptions.REVIEWER_KEY + "', imaging (STOW-RS only) '" + StackOptions.IMAGING_KEY
                + "' in header X-API-Key");
        out.println("send scans: ./octflow send ../shared/data/oct2017-val --bootstrap-servers "
                + stack.bootstrapServers() + (options.secure() ? " --kafka-config-file "
                + LocalStack.imagingSettingsFile(options.stateDir()) : ""));
        out.println("logs: " + options.stateDir().resolve("logs"));
    }

    static void waitForCtrlC(PrintStream out, LocalStack stack) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nstopping: workers, gateway, Kafka, PostgreSQL ...");
            stack.close();
            out.println("stopped; data kept in " + stack.options().stateDir());
            stopped.countDown();
        }));
        out.println("Ctrl-C stops everything.");
        stopped.await();
    }
}
