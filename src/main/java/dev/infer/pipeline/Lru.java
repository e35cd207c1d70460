package dev.infer.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded map that drops the least recently used entry; not thread-safe (one owner thread). */
final class Lru<K, V> extends LinkedHashMap<K, V> {
    private final int capacity;

    Lru(int capacity) {
        super(16, 0.75f, true); // access order: get() counts as a use
        this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > capacity;
    }
}
