package org.octflow.trainer.cli;

import org.octflow.trainer.dl4j.accel.OneDnnBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;


/** Entry point: {@code java -jar trainer.jar <train|experiment|bench|download> ...}. */
@Command(name = "trainer", mixinStandardHelpOptions = true,
        description = "Trains, calibrates, evaluates and exports the OCTMNIST CNN.",
        subcommands = {TrainCommand.class, ExperimentCommand.class, BenchCommand.class, EvidenceBenchCommand.class,
                CalibrationCheckCommand.class, DownloadCommand.class})
public final class TrainerMain implements Runnable {
    static String[] arguments = new String[0];

    public static void main(String[] args) {
        // The report's charts are drawn off-screen: a server or container has no display to open.
        System.setProperty("java.awt.headless", "true");
        OneDnnBackend.select();
        int code = run(args);
        System.exit(code);
    }

    public static int run(String[] args) {
        arguments = args.clone();
        return new CommandLine(new TrainerMain()).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
