package dev.infer.io;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Finds JSON strings holding a lone UTF-16 surrogate ({@code "\ud800"} without its pair). Such text
 * is not Unicode: UTF-8 cannot represent it (a CSV writer would silently put {@code ?} in its place)
 * and the tokenizer would see garbage, so the row fails with a reason instead.
 */
public final class LoneSurrogates {
    private LoneSurrogates() {
    }

    /** The reason for the first lone surrogate in {@code node}'s strings or keys, or null if there is none. */
    static String find(JsonNode node) {
        return find(node, null);
    }

    private static String find(JsonNode node, String field) {
        if (node.isTextual()) {
            int at = firstLone(node.textValue());
            return at < 0 ? null : reason(field, node.textValue().charAt(at));
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                int at = firstLone(e.getKey());
                if (at >= 0) {
                    return reason(e.getKey(), e.getKey().charAt(at));
                }
                String r = find(e.getValue(), field != null ? field : e.getKey());
                if (r != null) {
                    return r;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode v : node) {
                String r = find(v, field);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    private static String reason(String field, char c) {
        return String.format("field '%s' holds a lone surrogate (\\u%04x), which is not valid Unicode", field, (int) c);
    }

    /** Index of the first unpaired surrogate in {@code s}, or -1. */
    public static int firstLone(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
