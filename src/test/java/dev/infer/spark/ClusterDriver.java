package dev.infer.spark;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.spark.sql.SparkSession;

/**
 * Test-only driver program (spark-submit'ed with infer's jar by {@link SparkClusterIT}): one application
 * whose executors serve many jobs, so the cluster tests pay for starting executors once. Reads one job per
 * line on stdin (InferJob's arguments, separated by tabs), runs it with {@link InferJob#run(SparkSession,
 * String[], PrintWriter, PrintWriter)} on the one session, and answers one line on stdout:
 * {@code result CODE BASE64(stdout) BASE64(stderr)}. Ends, stopping the session, when stdin ends.
 */
public final class ClusterDriver {
    private ClusterDriver() {
    }

    public static void main(String[] args) throws Exception {
        SparkSession spark = SparkSession.builder().appName("infer-cluster-it").getOrCreate();
        PrintWriter answers = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        answers.println("ready " + spark.sparkContext().applicationId());
        try (BufferedReader jobs = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = jobs.readLine(); line != null; line = jobs.readLine()) {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = InferJob.run(spark, line.split("\t"), new PrintWriter(out, true), new PrintWriter(err, true));
                Base64.Encoder b64 = Base64.getEncoder();
                answers.println("result " + code + " " + b64.encodeToString(out.toString().getBytes(StandardCharsets.UTF_8))
                        + " " + b64.encodeToString(err.toString().getBytes(StandardCharsets.UTF_8)));
            }
        } finally {
            spark.stop();
        }
    }
}
