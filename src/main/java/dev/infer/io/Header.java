package dev.infer.io;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The column names of a delimited file, shared by all its rows. */
public final class Header {
    private final List<String> names;
    private final Map<String, Integer> positions = new HashMap<>();

    public Header(List<String> names) {
        this.names = List.copyOf(names);
        for (int i = 0; i < this.names.size(); i++) {
            positions.putIfAbsent(this.names.get(i), i);
        }
    }

    public List<String> names() {
        return names;
    }

    public int indexOf(String name) {
        return positions.getOrDefault(name, -1);
    }

    public int size() {
        return names.size();
    }
}
