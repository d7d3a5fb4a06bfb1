package org.octflow.launcher;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What a newcomer sees first: `./octflow <command> --help` answers for every command, with exit 0. */
class OctflowCommandTest {

    @Test
    void everyLauncherCommandAnswersHelpWithItsUsage() {
        List<String> launcherCommands = OctflowCommand.commandLine().getSubcommands().keySet().stream()
                .filter(name -> !TrainerCommands.COMMANDS.containsKey(name)).toList();
        assertThat(launcherCommands).contains("up", "send", "demo", "faults", "redrive", "worker-bench", "help");

        for (String name : launcherCommands) {
            for (String flag : List.of("--help", "-h")) {
                Answer answer = execute(name, flag);
                assertThat(answer.exitCode()).as("./octflow %s %s exit code; stderr: %s", name, flag, answer.err())
                        .isZero();
                assertThat(answer.out()).as("./octflow %s %s", name, flag).containsPattern("(?m)^Usage: octflow " + name + "( |$)");
                assertThat(answer.err()).as("./octflow %s %s", name, flag).isEmpty();
            }
        }
    }

    @Test
    void trainerCommandsHandTheirHelpToTheTrainer() {
        for (String name : TrainerCommands.COMMANDS.keySet()) {
            for (String flag : List.of("--help", "-h")) {
                CommandLine line = OctflowCommand.commandLine();
                line.parseArgs(name, flag);
                TrainerCommands command = line.getSubcommands().get(name).getCommand();
                // The trainer's own picocli command answers it (mixinStandardHelpOptions): its options live there.
                assertThat(command.trainerArguments()).as("./octflow %s %s", name, flag).containsExactly(name, flag);
            }
        }
    }

    @Test
    void topLevelHelpListsEveryCommand() {
        Answer answer = execute("--help");

        assertThat(answer.exitCode()).isZero();
        for (String name : OctflowCommand.commandLine().getSubcommands().keySet()) {
            assertThat(answer.out()).containsPattern("(?m)^ +" + name + " ");
        }
    }

    private static Answer execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine line = OctflowCommand.commandLine();
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        int exitCode = line.execute(args);
        return new Answer(exitCode, out.toString(), err.toString());
    }

    private record Answer(int exitCode, String out, String err) {
    }
}
