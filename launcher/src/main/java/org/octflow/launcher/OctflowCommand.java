package org.octflow.launcher;

import org.octflow.dataset.DatasetException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.UncheckedIOException;

/**
 * `./octflow`: the one entry point of the launcher (picocli). `up`, `send`, `demo`, `faults`, `redrive`,
 * `export-reviewed` and `worker-bench` run here; {@link TrainerCommands} are the trainer's, run as its own JVM. Every
 * command answers `--help`.
 */
@Command(name = "octflow", mixinStandardHelpOptions = true,
        description = "OCTFlow on one machine: a real Kafka broker and PostgreSQL, the gateway and the workers.",
        subcommands = {UpCommand.class, SendCommand.class, DemoCommand.class, FaultCommand.class,
                RedriveCommand.class, ExportReviewedCommand.class, WorkerBenchCommand.class,
                CheckMonitoringCommand.class,
                CommandLine.HelpCommand.class})
public final class OctflowCommand {
    private OctflowCommand() {
    }

    public static void main(String[] args) {
        ConsoleLogging.configure();
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine line = new CommandLine(new OctflowCommand());
        TrainerCommands.COMMANDS.forEach((name, description) -> {
            CommandLine trainer = new CommandLine(new TrainerCommands());
            trainer.getCommandSpec().name(name);
            trainer.getCommandSpec().usageMessage().description(description,
                    "Its options are the trainer's: ./octflow " + name + " --help");
            line.addSubcommand(name, trainer);
        });
        // Problems the user can fix get one line, not a stack trace.
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DatasetException || e instanceof IllegalStateException
                    || e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
                cmd.getErr().println("octflow: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return line;
    }
}
