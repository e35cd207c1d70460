package dev.infer.e2e;

import dev.infer.model.Cancellation;
import dev.infer.model.Encoded;
import dev.infer.task.Task;
import java.util.List;
import java.util.Map;

/** A task that forwards everything to another: the test hooks override only what they change. */
class DelegatingTask implements Task {
    private final Task inner;

    DelegatingTask(Task inner) {
        this.inner = inner;
    }

    @Override
    public dev.infer.task.ResultSchema schema() {
        return inner.schema();
    }

    @Override
    public Encoded encode(String text) {
        return inner.encode(text);
    }

    @Override
    public List<Object[]> process(List<Encoded> rows, Cancellation cancel) throws Exception {
        return inner.process(rows, cancel);
    }

    @Override
    public boolean runsModel() {
        return inner.runsModel();
    }

    @Override
    public Map<String, String> identity() {
        return inner.identity();
    }

    @Override
    public Map<String, Object> summaryFields() {
        return inner.summaryFields();
    }
}
