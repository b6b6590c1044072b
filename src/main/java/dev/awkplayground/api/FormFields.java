package dev.awkplayground.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.HttpMediaType;
import io.helidon.webserver.http.ServerRequest;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * The fields of an HTML form post, sent as {@code multipart/form-data} (what {@code curl -F} sends) or as
 * {@code application/x-www-form-urlencoded} (what {@code curl -d} sends). Multipart parts are streamed into memory,
 * never written to disk; a part sent as a file ({@code curl -F text=@file}) is read as text too.
 */
final class FormFields {
    /** The form has two fields; a few more are tolerated (curl and browsers add none, but other clients may). */
    private static final int MAX_FIELDS = 16;
    private FormFields() {
    }

    /**
     * Reads the fields of the request body; the first value of a repeated field wins.
     */
    static Map<String, String> read(ServerRequest request) {
        HttpMediaType type = Requests.requireContentType(request,
                MediaTypes.MULTIPART_FORM_DATA, MediaTypes.APPLICATION_FORM_URLENCODED);
        if (type.test(MediaTypes.APPLICATION_FORM_URLENCODED)) {
            return urlEncoded(new String(Requests.body(request), StandardCharsets.ISO_8859_1));
        }
        return multipart(request, type);
    }

    /** {@code name=value&name=value}, percent-encoded as UTF-8; a malformed escape is a 400, as any bad input. */
    static Map<String, String> urlEncoded(String body) {
        Map<String, String> fields = new HashMap<>();
        if (body.isEmpty()) {
            return fields;
        }
        for (String pair : body.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            if (fields.size() >= MAX_FIELDS) {
                throw tooManyFields();
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            fields.putIfAbsent(name, value);
        }
        return fields;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(Problem.invalidRequest("the form body is not valid URL encoding: a % must be followed by "
                            + "two hexadecimal digits"));
        }
    }

    private static ProblemException tooManyFields() {
        return new ProblemException(Problem.invalidRequest("the form has more than " + MAX_FIELDS + " fields; it takes text and "
                        + "awkScript"));
    }

    private static Map<String, String> multipart(ServerRequest request, HttpMediaType type) {
        Map<String, String> fields = new HashMap<>();
        try {
            FileItemInputIterator parts = new StreamingUpload().getItemIterator(new Body(request, type));
            int count = 0;
            while (parts.hasNext()) {
                if (++count > MAX_FIELDS) {
                    throw tooManyFields();
                }
                FileItemInput part = parts.next();
                try (InputStream content = part.getInputStream()) {
                    String value = new String(content.readAllBytes(), charset(part.getContentType()));
                    fields.putIfAbsent(part.getFieldName(), value);
                }
            }
        } catch (IOException e) {
            // The parts are malformed, but the HTTP framing is intact: Helidon reads the rest of the body and the
            // connection stays usable. Closing it here, before the client has sent everything, would reset the
            // connection and lose the answer.
            throw new ProblemException(Problem.invalidRequest("the multipart body could not be read: " + e.getMessage()));
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            // Reading the body itself failed (broken chunking, a body shorter than announced): close after the answer.
            throw new ProblemException(Problem.invalidRequest("the multipart body could not be read: " + e.getMessage()),
                    !readToItsEnd(request));
        }
        return fields;
    }

    /**
     * Reads and drops what is left of a body that is not valid multipart (no boundary, a broken part) but is framed
     * correctly. Closing the connection on unread data would make the kernel reset it, and a client still sending
     * would lose the answer; only a body that cannot be read to its end (its framing is broken) closes it.
     */
    private static boolean readToItsEnd(ServerRequest request) {
        try {
            request.content().consume();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static Charset charset(String contentType) {
        if (contentType != null) {
            try {
                return HttpMediaType.create(contentType).charset().map(Charset::forName).orElse(StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                return StandardCharsets.UTF_8;
            }
        }
        return StandardCharsets.UTF_8;
    }

    /** The request body as commons-fileupload sees it. */
    private record Body(ServerRequest request, HttpMediaType type) implements RequestContext {
        @Override
        public String getCharacterEncoding() {
            return type.charset().orElse(null);
        }

        @Override
        public long getContentLength() {
            return request.headers().contentLength().orElse(-1);
        }

        @Override
        public String getContentType() {
            return type.text();
        }

        @Override
        public InputStream getInputStream() {
            return request.content().inputStream();
        }

        @Override
        public boolean isMultipartRelated() {
            return false;
        }
    }

    /** commons-fileupload's streaming parser; only {@link #getItemIterator(RequestContext)} is used. */
    private static final class StreamingUpload
            extends AbstractFileUpload<RequestContext, DiskFileItem, DiskFileItemFactory> {
        @Override
        public FileItemInputIterator getItemIterator(RequestContext request) throws IOException {
            return super.getItemIterator(request);
        }

        @Override
        public Map<String, java.util.List<DiskFileItem>> parseParameterMap(RequestContext request) {
            throw new UnsupportedOperationException("parts are streamed, not stored");
        }

        @Override
        public java.util.List<DiskFileItem> parseRequest(RequestContext request) {
            throw new UnsupportedOperationException("parts are streamed, not stored");
        }
    }
}
