package dev.infer.serve;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own refusals (a malformed request line, a URI or headers too long, an unknown HTTP version), in TEI's
 * {@code {"error", "error_type"}} shape instead of Jetty's HTML page.
 */
final class ProtocolErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object message = request.getAttribute(ERROR_MESSAGE);
        String why = switch (status) {
            case 414 -> "the request URI is too long";
            case 431 -> "the request headers are too large";
            case 505 -> "the HTTP version is not supported (use HTTP/1.1)";
            default -> status == 400 ? "the request is not valid HTTP" + (message == null ? ""
                    : " (" + message + ")") : "the request was refused" + (message == null ? "" : " (" + message + ")");
        };
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(HttpApi.protocolError(status, why)), callback);
        return true;
    }
}
