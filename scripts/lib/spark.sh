# Sourced by scripts/spark-local, scripts/spark-cluster and scripts/bench: the Spark that infer's Spark front
# end runs on, assembled from Maven on first use (no Spark download), and the JVM flags Spark needs on Java 17.
#
#   spark_setup ROOT   sets spark_version, spark_scala (from pom.xml, or INFER_SPARK_VERSION and
#                      INFER_SPARK_SCALA for another build, e.g. the spark4 or scala212 profile's),
#                      spark_cp (the class path, ':'-separated) and spark_opens (JVM flags, an array)
#   spark_home ROOT    after spark_setup: a SPARK_HOME folder for standalone daemons (prints its path):
#                      jars/ links every jar of the class path, an empty RELEASE file marks it as a
#                      distribution; the worker's launcher needs it (and SPARK_SCALA_VERSION) to build an
#                      executor's command line.

spark_setup() {
  local root=$1 cache="$1/target/spark-local"
  spark_version="${INFER_SPARK_VERSION:-$(sed -n 's:.*<spark.version>\(.*\)</spark.version>.*:\1:p' "$root/pom.xml" | head -1)}"
  spark_scala="${INFER_SPARK_SCALA:-$(sed -n 's:.*<spark.scala.binary>\(.*\)</spark.scala.binary>.*:\1:p' "$root/pom.xml" | head -1)}"
  local classpath="$cache/classpath-$spark_version-$spark_scala.txt"
  if [[ ! -s "$classpath" ]]; then
    echo "infer: assembling Spark $spark_version (Scala $spark_scala) from Maven into $cache (first use) ..." >&2
    local work="$cache/pom-$spark_version-$spark_scala"
    mkdir -p "$work"
    # Spark's own dependency tree, as a Spark distribution ships it (infer's jar brings the rest).
    cat > "$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.infer</groupId><artifactId>spark-local</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_$spark_scala</artifactId><version>$spark_version</version></dependency>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-mllib_$spark_scala</artifactId><version>$spark_version</version></dependency>
  </dependencies>
</project>
POM
    (cd "$work" && mvn -q -B -ntp -Dstyle.color=never dependency:build-classpath -Dmdep.outputFile="$classpath.tmp.$$") >&2
    mv "$classpath.tmp.$$" "$classpath"
  fi
  spark_cp="$(cat "$classpath")"

  # What spark-submit adds on Java 17 (Spark's JavaModuleOptions, 3.5's; 4.x adds two).
  spark_opens=(-XX:+IgnoreUnrecognizedVMOptions)
  local p
  for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
           java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
    spark_opens+=("--add-opens=java.base/$p=ALL-UNNAMED")
  done
  spark_opens+=(--add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
                -Dio.netty.tryReflectionSetAccessible=true)
  if [[ "$spark_version" == 4.* ]]; then
    spark_opens+=(--add-modules=jdk.incubator.vector -Dio.netty.allocator.type=pooled)
  fi
}

spark_home() {
  local home="$1/target/spark-local/home-$spark_version-$spark_scala" jar n
  local -a jars
  IFS=: read -r -a jars <<<"$spark_cp"
  if [[ ! -f "$home/RELEASE" || "$(find "$home/jars" -maxdepth 1 -name '*.jar' 2>/dev/null | wc -l)" -ne ${#jars[@]} ]]; then
    rm -rf "$home.tmp.$$"
    mkdir -p "$home.tmp.$$/jars"
    n=0
    for jar in "${jars[@]}"; do
      # Two artifacts can share a file name (different groups): number them so none hides another.
      n=$((n + 1))
      ln -s "$jar" "$home.tmp.$$/jars/$(printf '%03d' "$n")-$(basename "$jar")"
    done
    : >"$home.tmp.$$/RELEASE"
    rm -rf "$home"
    mv "$home.tmp.$$" "$home"
  fi
  echo "$home"
}
