package org.rasterhub.portal.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Serialises API responses with Jackson before they reach JAX-RS. Payara also registers a JSON-B
 * writer for application/json, and which of two writers for {@code Object} wins is not fixed, so
 * entities are handed over as finished JSON text: the same bytes on every start.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {
    }

    static Response.ResponseBuilder status(int status, Object value) {
        try {
            return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Parses a request body; malformed JSON is the client's mistake (422), never a 500. */
    static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("invalid_json", "the request body is not the JSON expected: "
                    + e.getOriginalMessage());
        }
    }

    static Response ok(Object value) {
        return status(200, value).build();
    }
}
