package dev.infer.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Direct, native-order buffers reused by each calling thread across model calls, so the hot path
 * neither allocates native memory per call nor copies tensors: ONNX Runtime reads inputs from and
 * writes outputs into them in place. A buffer is only reused after the call that used it ended
 * (its tensors are closed), which holds because each thread runs one call at a time.
 */
final class ThreadBuffers {
    private final int slots;
    private final ThreadLocal<ByteBuffer[]> perThread;

    ThreadBuffers(int slots) {
        this.slots = slots;
        this.perThread = ThreadLocal.withInitial(() -> new ByteBuffer[this.slots]);
    }

    /** Slot {@code slot} of this thread, at least {@code bytes} long, positioned at 0 with limit {@code bytes}. */
    ByteBuffer get(int slot, int bytes) {
        ByteBuffer[] mine = perThread.get();
        ByteBuffer b = mine[slot];
        if (b == null || b.capacity() < bytes) {
            int capacity = Math.max(bytes, b == null ? 0 : Math.min(Integer.MAX_VALUE / 2, b.capacity() * 2));
            b = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
            mine[slot] = b;
        }
        b.clear().limit(bytes);
        return b.slice().order(ByteOrder.nativeOrder());
    }
}
