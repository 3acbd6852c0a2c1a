package org.rasterhub.portal.api;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletFileUpload;
import org.rasterhub.portal.run.UploadTooLargeException;

/**
 * The multipart field {@code file} of a request, read as a stream straight from the connection, only
 * once the resource has authorised the caller: nothing is spooled to a temporary file (Jersey's own
 * multipart reader buffers whole bodies in the system temp folder before the resource runs, so a
 * refused caller could still fill the disk). The receiver writes the one copy, under the data
 * folder's {@code tmp/}. A body announced or found larger than the limit is refused with 413.
 */
final class MultipartFile {
    /** Room for the multipart boundaries and part headers around the file itself. */
    private static final long ENVELOPE_BYTES = 64 * 1024;

    /** What to do with the file's content; it must read it to the end or stop with an exception. */
    @FunctionalInterface
    interface Receiver<T, E extends Exception> {
        T receive(String fileName, InputStream content) throws IOException, E;
    }

    /** A receiver that also gets the text fields sent before the file. */
    @FunctionalInterface
    interface ReceiverWithFields<T, E extends Exception> {
        T receive(java.util.Map<String, String> fields, String fileName, InputStream content) throws IOException, E;
    }

    /** Text fields before the file: a few, each small (a STAC Item, say), never spooled. */
    private static final int MAX_FIELDS = 16;
    private static final int MAX_FIELD_BYTES = 1 << 20;

    private MultipartFile() {
    }

    /**
     * Hands the field {@code file} to the receiver.
     *
     * @param defaultName the name to use when the part gives none
     * @throws InvalidRequestException 400 {@code missing_file} when the body is no multipart form with
     *     a {@code file} field
     * @throws UploadTooLargeException when the body is larger than {@code maxBytes} and its envelope
     */
    static <T, E extends Exception> T receive(HttpServletRequest request, long maxBytes, String defaultName,
                                              Receiver<T, E> receiver) throws IOException, E {
        return receive(request, maxBytes, defaultName, (fields, name, content) -> receiver.receive(name, content));
    }

    /**
     * As {@link #receive(HttpServletRequest, long, String, Receiver)}, with the text fields that come
     * before the file (at most {@value #MAX_FIELDS}, each at most 1 MiB, else 400 {@code field_too_large}).
     */
    static <T, E extends Exception> T receive(HttpServletRequest request, long maxBytes, String defaultName,
                                              ReceiverWithFields<T, E> receiver) throws IOException, E {
        java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
        long announced = request.getContentLengthLong();
        if (announced > maxBytes + ENVELOPE_BYTES) {
            throw new UploadTooLargeException(defaultName, maxBytes);   // refused before a byte is read
        }
        JakartaServletFileUpload<DiskFileItem, DiskFileItemFactory> upload = new JakartaServletFileUpload<>();
        upload.setFileSizeMax(maxBytes);
        upload.setSizeMax(maxBytes + ENVELOPE_BYTES);
        try {
            FileItemInputIterator parts = upload.getItemIterator(request);
            while (parts.hasNext()) {
                FileItemInput part = parts.next();
                if (!part.isFormField() && "file".equals(part.getFieldName())) {
                    String name = part.getName() == null || part.getName().isBlank() ? defaultName : part.getName();
                    try (InputStream content = part.getInputStream()) {
                        return receiver.receive(fields, name, content);
                    }
                }
                if (part.isFormField() && fields.size() < MAX_FIELDS) {
                    try (InputStream content = part.getInputStream()) {
                        byte[] value = content.readNBytes(MAX_FIELD_BYTES + 1);
                        if (value.length > MAX_FIELD_BYTES) {
                            throw new InvalidRequestException(400, "field_too_large", "the form field \""
                                    + part.getFieldName() + "\" is larger than 1 MiB");
                        }
                        fields.put(part.getFieldName(), new String(value, java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (FileUploadSizeException e) {
            throw new UploadTooLargeException(defaultName, maxBytes);
        } catch (FileUploadException e) {
            if (e.getCause() instanceof FileUploadSizeException) {
                throw new UploadTooLargeException(defaultName, maxBytes);
            }
            throw new InvalidRequestException(400, "missing_file", "send a multipart/form-data body with the file as the"
                    + " field \"file\" (" + e.getMessage() + ")");
        }
        throw new InvalidRequestException(400, "missing_file", "send the file as the multipart form field \"file\"");
    }
}
