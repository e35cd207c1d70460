package dev.infer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Large batches take turns; one-row calls never wait; every call can run. */
class ActivationBudgetTest {

    @Test
    void costIsRowsTimesTokensSquaredCappedAtTheWholeBudget() {
        assertEquals(32 * 256 * 256, ActivationBudget.cost(32, 256));
        assertEquals(ActivationBudget.CELLS, ActivationBudget.cost(64, 512), "capped, so it can always run alone");
        assertEquals(512 * 512, ActivationBudget.cost(1, 512));
        assertEquals(1, ActivationBudget.cost(0, 0));
    }

    @Test
    void eightOneRowCallsOfFullLengthRunTogether() {
        ActivationBudget budget = new ActivationBudget();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 8; i++) {
                budget.acquire(1, 512);
            }
        });
    }

    @Test
    void aSecondLongBatchWaitsForTheFirst() throws Exception {
        ActivationBudget budget = new ActivationBudget();
        int first = budget.acquire(32, 256);
        AtomicBoolean admitted = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            int cost = budget.acquire(32, 200);
            admitted.set(true);
            budget.release(cost);
            done.countDown();
        }, "second-batch");
        second.start();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            while (second.getState() != Thread.State.WAITING) {
                Thread.onSpinWait();
            }
        });
        assertFalse(admitted.get(), "admitted while the first batch holds the budget");
        budget.release(first);
        assertTrue(done.await(10, java.util.concurrent.TimeUnit.SECONDS), "admitted once the first batch is done");
        second.join();
    }
}
