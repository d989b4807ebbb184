package io.github.hapismart.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A servlet request and response without a container, for testing an endpoint's frame: the request answers its
 * method, headers, content type and form parameters; the response records status, headers and body.
 */
public final class FakeExchange {

    private final String method;
    private final Map<String, String> requestHeaders = new LinkedHashMap<>();
    private final Map<String, String[]> parameters = new LinkedHashMap<>();
    private String contentType = "application/x-www-form-urlencoded";
    private final Map<String, String> responseHeaders = new LinkedHashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private int status = 200;

    private FakeExchange(String method) {
        this.method = method;
    }

    /** A form POST. */
    public static FakeExchange post() {
        return new FakeExchange("POST");
    }

    /** A request with another method. */
    public static FakeExchange method(String method) {
        return new FakeExchange(method);
    }

    public FakeExchange header(String name, String value) {
        requestHeaders.put(name.toLowerCase(), value);
        return this;
    }

    public FakeExchange param(String name, String... values) {
        parameters.put(name, values);
        return this;
    }

    public FakeExchange contentType(String value) {
        contentType = value;
        return this;
    }

    public HttpServletRequest request() {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> requestHeaders.get(((String) args[0]).toLowerCase());
                    case "getContentType" -> contentType;
                    case "getQueryString" -> null;
                    case "getRequestURI" -> "/auth/test";
                    case "getRemoteAddr" -> "127.0.0.1";
                    case "getParameterMap" -> Collections.unmodifiableMap(parameters);
                    case "getParameter" -> parameters.containsKey(args[0]) ? parameters.get(args[0])[0] : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    public HttpServletResponse response() {
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
                body.write(b);
            }
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader", "addHeader" -> {
                        responseHeaders.put(((String) args[0]).toLowerCase(), (String) args[1]);
                        yield null;
                    }
                    case "setContentType", "setCharacterEncoding", "setContentLength" -> null;
                    case "getOutputStream" -> out;
                    case "isCommitted" -> false;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    public int status() {
        return status;
    }

    /** A response header, or null. */
    public String responseHeader(String name) {
        return responseHeaders.get(name.toLowerCase());
    }

    public String body() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
