package dev.awkplayground.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import io.helidon.common.media.type.MediaTypes;
import io.helidon.common.parameters.Parameters;
import io.helidon.http.HttpMediaType;
import io.helidon.http.Status;
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
    private FormFields() {
    }

    /**
     * Reads the fields of the request body; the first value of a repeated field wins.
     */
    static Map<String, String> read(ServerRequest request) {
        HttpMediaType type = Requests.requireContentType(request,
                MediaTypes.MULTIPART_FORM_DATA, MediaTypes.APPLICATION_FORM_URLENCODED);
        if (type.test(MediaTypes.APPLICATION_FORM_URLENCODED)) {
            Parameters parameters = request.content().as(Parameters.class);
            Map<String, String> fields = new HashMap<>();
            for (String name : parameters.names()) {
                fields.put(name, parameters.first(name).orElse(""));
            }
            return fields;
        }
        return multipart(request, type);
    }

    private static Map<String, String> multipart(ServerRequest request, HttpMediaType type) {
        Map<String, String> fields = new HashMap<>();
        try {
            FileItemInputIterator parts = new StreamingUpload().getItemIterator(new Body(request, type));
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                try (InputStream content = part.getInputStream()) {
                    String value = new String(content.readAllBytes(), charset(part.getContentType()));
                    fields.putIfAbsent(part.getFieldName(), value);
                }
            }
        } catch (IOException e) {
            throw new ProblemException(Problem.typed("invalid-request", Status.BAD_REQUEST_400,
                    "The request is not valid", "the multipart body could not be read: " + e.getMessage()));
        }
        return fields;
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
