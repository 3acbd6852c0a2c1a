package org.rasterhub.portal.api;

import java.util.List;

/**
 * The body of every error response: {@code {"status", "error", "message", "problems"}}.
 *
 * @param error a stable code clients can branch on, e.g. {@code invalid_model_definition}
 */
public record ApiError(int status, String error, String message, List<Problem> problems) {

    /** One located problem: file, JSON pointer, line and column where known. */
    public record Problem(String file, String jsonPath, Integer line, Integer column, String message) {
    }

    public static ApiError of(int status, String error, String message) {
        return new ApiError(status, error, message, List.of());
    }
}
