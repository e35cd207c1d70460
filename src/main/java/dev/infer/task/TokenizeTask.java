package dev.infer.task;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import dev.infer.model.TextTokenizer;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code infer tokenize}: the full token count of each row (special tokens included, never cut) and
 * whether it exceeds the budget, for sizing prompts before sending them anywhere.
 */
public final class TokenizeTask implements Task {
    private final TextTokenizer tokenizer;
    private final int maxTokens;

    public TokenizeTask(TextTokenizer tokenizer, int maxTokens) {
        this.tokenizer = tokenizer;
        this.maxTokens = maxTokens;
    }

    @Override
    public ResultSchema schema() {
        return ResultSchema.of(ResultField.TOKENS, ResultField.TRUNCATED);
    }

    @Override
    public Encoded encode(String text) {
        return tokenizer.encodeFull(text);
    }

    @Override
    public List<Object[]> process(List<Encoded> rows, Cancellation cancel) {
        List<Object[]> out = new ArrayList<>(rows.size());
        for (Encoded e : rows) {
            out.add(new Object[] {e.length(), e.length() > maxTokens});
        }
        return out;
    }

    @Override
    public boolean runsModel() {
        return false;
    }
}
