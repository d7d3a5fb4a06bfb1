package org.octflow.launcher;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** `./octflow up`: runs the stack until Ctrl-C. */
final class UpCommand {
    private final PrintStream out;

    UpCommand(PrintStream out) {
        this.out = out;
    }

    int run(List<String> argv) throws InterruptedException {
        StackOptions options = StackArguments.from(new Arguments(argv, StackArguments.VALUED, java.util.Set.of()));
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
                + StackOptions.READER_KEY + "' in header X-API-Key");
        out.println("send scans: ./octflow send ../shared/data/oct2017-val --bootstrap-servers "
                + stack.bootstrapServers());
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
