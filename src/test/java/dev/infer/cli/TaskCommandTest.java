package dev.infer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.infer.job.JobSpec;
import dev.infer.spark.InferOptions;
import dev.infer.task.ClassifyKind;
import dev.infer.task.OptionSpec;
import dev.infer.task.OptionValues;
import dev.infer.task.TaskKind;
import dev.infer.task.TaskKinds;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Each task of the registry is a command whose options are the registry's, parsed as Spark parses them. */
class TaskCommandTest {

    @Test
    void everyKindIsACommandWithTheJobsOptions() {
        for (TaskKind kind : TaskKinds.all()) {
            var spec = TaskCommand.commandLine(kind).getCommandSpec();
            for (OptionSpec<?> o : JobSpec.optionsOf(kind)) {
                assertEquals(o.cliName(), spec.findOption(o.cliName()).longestName(), kind.name());
            }
            assertEquals(kind.summary(), spec.usageMessage().description()[0]);
        }
    }

    @Test
    void theCliAndSparkReadTheSameValuesFromTheSameText() {
        CommandLine cl = TaskCommand.commandLine(ClassifyKind.INSTANCE);
        cl.parseArgs("--labels", "billing,bug", "--top-k", "2", "--all-scores", "--threshold", "0.4",
                "--on-error", "skip", "--batch-timeout", "1.5s", "--model", "minilm");
        OptionValues cli = JobOptions.read(cl.getCommandSpec(), JobSpec.optionsOf(ClassifyKind.INSTANCE));
        InferOptions spark = InferOptions.classify().option("labels", "billing,bug").option("topK", "2")
                .option("allScores", "true").option("threshold", "0.4").option("onError", "skip")
                .option("batchTimeout", "1.5s").option("model", "minilm");
        assertEquals(spark.job().options(), cli);
    }

    @Test
    void cacheStatsShowTheOptionsAsTyped() {
        CommandLine cl = TaskCommand.commandLine(ClassifyKind.INSTANCE);
        cl.parseArgs("--in", "x.csv", "--labels", "billing,bug", "--template", "It's about {}.", "--all-scores",
                "--on-error", "skip", "--threads", "2");
        Map<String, String> identity = new TreeMap<>();
        for (String key : List.of("--labels", "--template", "--all-scores", "--on-error", "--model")) {
            identity.put(key, "");
        }
        assertEquals("--labels billing,bug --template 'It'\\''s about {}.' --all-scores --on-error skip",
                ReuseSetup.typedOptions(cl.getCommandSpec(), identity));
    }
}
