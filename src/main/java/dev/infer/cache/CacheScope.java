package dev.infer.cache;

/**
 * What a run's results depend on besides each row's text, as stored with them.
 *
 * @param digest  SHA-256 of the model identity, the command and every output-shaping option
 * @param model   readable model name (for {@code infer cache stats})
 * @param command the command ({@code infer embed}, ...)
 * @param options the output-shaping options, readable
 */
public record CacheScope(byte[] digest, String model, String command, String options) {
}
