package dev.infer.hub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The hub settings huggingface_hub reads from the environment (its constants.py), read the same way:
 * HF_ENDPOINT (default https://huggingface.co), HF_HUB_CACHE else HF_HOME/hub else
 * $XDG_CACHE_HOME/huggingface/hub else ~/.cache/huggingface/hub, HF_TOKEN else the token file
 * (HF_TOKEN_PATH else HF_HOME/token), HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) true-ish.
 *
 * @param token {@code null} when none is set
 */
public record HubEnvironment(String endpoint, Path cacheDir, String token, boolean offline) {
    public static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    public static HubEnvironment fromSystem() {
        return of(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    static HubEnvironment of(Map<String, String> env, Path home) {
        String endpoint = env.getOrDefault("HF_ENDPOINT", DEFAULT_ENDPOINT).replaceAll("/+$", "");
        Path hfHome = set(env, "HF_HOME") ? Path.of(env.get("HF_HOME"))
                : (set(env, "XDG_CACHE_HOME") ? Path.of(env.get("XDG_CACHE_HOME")) : home.resolve(".cache"))
                        .resolve("huggingface");
        Path cache = set(env, "HF_HUB_CACHE") ? Path.of(env.get("HF_HUB_CACHE")) : hfHome.resolve("hub");
        String token = set(env, "HF_TOKEN") ? env.get("HF_TOKEN").strip() : null;
        if (token == null) {
            Path file = set(env, "HF_TOKEN_PATH") ? Path.of(env.get("HF_TOKEN_PATH")) : hfHome.resolve("token");
            token = readToken(file);
        }
        boolean offline = isTrue(env.get("HF_HUB_OFFLINE")) || isTrue(env.get("TRANSFORMERS_OFFLINE"));
        return new HubEnvironment(endpoint, cache, token, offline);
    }

    /** The variable that switched the hub off, for messages. */
    public String offlineVariable() {
        return "HF_HUB_OFFLINE";
    }

    private static boolean set(Map<String, String> env, String name) {
        return env.get(name) != null && !env.get(name).isEmpty();
    }

    /** constants.py's _is_true: "1", "ON", "YES", "TRUE" in any case. */
    private static boolean isTrue(String v) {
        return v != null && switch (v.toUpperCase(java.util.Locale.ROOT)) {
            case "1", "ON", "YES", "TRUE" -> true;
            default -> false;
        };
    }

    private static String readToken(Path file) {
        try {
            String t = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8).strip() : "";
            return t.isEmpty() ? null : t;
        } catch (IOException e) {
            return null; // an unreadable token file is as good as none: the hub says 401 and we say why
        }
    }
}
