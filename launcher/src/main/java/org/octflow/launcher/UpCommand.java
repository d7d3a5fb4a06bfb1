package org.octflow.launcher;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** `./octflow up`: runs the stack until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start Kafka, PostgreSQL, the gateway and workers locally; Ctrl-C stops them.")
final class UpCommand implements Callable<Integer> {
    private final PrintStream out = System.out;
    @Mixin
    StackArguments stack;

    @Override
    public Integer call() throws InterruptedException {
        StackOptions options = stack.toOptions();
        LocalStack stack = LocalStack.start(options, out);
        printHowToUse(out, stack);
        waitForCtrlC(out, stack);
        return 0;
    }

    static void printHowToUse(PrintStream out, LocalStack stack) {
        StackOptions options = stack.options();
        out.println();
        out.println("OCTFlow is up. Dashboard: " + options.dashboardUrl());
        out.println("API keys (local stack only): submitter '" + StackOptions.SUBMITTER_KEY + "', reader '"
                + StackOptions.READER_KEY + "', reviewer '" + StackOptions.REVIEWER_KEY + "' in header X-API-Key");
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
