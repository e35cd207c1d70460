package dev.infer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stop reaches the running model call whether or not calls have a timeout; between calls it is a no-op. */
class CallGuardTest {

    @Test
    void cancelReachesARunningCallWithoutATimeout() throws Exception {
        try (CallGuard guard = new CallGuard(true, null)) {
            CountDownLatch inCall = new CountDownLatch(1);
            CountDownLatch cancelled = new CountDownLatch(1);
            Thread stopper = new Thread(() -> {
                try {
                    inCall.await();
                    guard.cancel();
                    cancelled.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "stopper");
            stopper.start();
            Exception e = assertThrows(IllegalStateException.class, () -> guard.call(c -> {
                inCall.countDown();
                assertTrue(cancelled.await(10, TimeUnit.SECONDS));
                throw new IllegalStateException("Exiting due to terminate flag being set to true.");
            }));
            stopper.join();
            assertEquals("inference cancelled: the run was stopped", guard.describe(e));
            assertEquals("ok", guard.call(c -> "ok"), "the next call starts clean");
        }
    }

    @Test
    void cancelBetweenCallsIsANoOp() throws Exception {
        try (CallGuard guard = new CallGuard(true, null)) {
            guard.cancel();
            assertEquals("ok", guard.call(c -> "ok"));
            assertEquals("inference failed: boom", guard.describe(new IllegalStateException("boom")));
        }
    }
}
