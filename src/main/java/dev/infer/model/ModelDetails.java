package dev.infer.model;

import java.util.List;
import java.util.Map;

/**
 * What {@code infer model inspect} explains beyond what a run needs.
 *
 * @param onnxReason      why the ONNX file was chosen
 * @param onnxCandidates  every ONNX file in the folder (relative paths)
 * @param maxLengthSource where the max length came from
 * @param tokenizer       tokenizer facts
 * @param problemType     config.json problem_type, or null
 * @param fileSizes       bytes of the files infer reads, by relative name, in reading order
 */
public record ModelDetails(String onnxReason, List<String> onnxCandidates, String maxLengthSource,
                           TokenizerFacts tokenizer, String problemType, Map<String, Long> fileSizes) {

    public ModelDetails {
        onnxCandidates = List.copyOf(onnxCandidates);
        fileSizes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fileSizes));
    }
}
