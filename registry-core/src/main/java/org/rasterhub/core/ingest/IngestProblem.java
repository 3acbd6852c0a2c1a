package org.rasterhub.core.ingest;

/**
 * One thing wrong with an uploaded package, precise enough to fix without guessing.
 *
 * @param file     the package entry (or the upload's file name) the problem is in
 * @param jsonPath JSON pointer inside that file, or "" when the problem is not about a JSON value
 * @param line     1-based line in that file, or null when not known
 * @param column   1-based column in that file, or null when not known
 */
public record IngestProblem(String file, String jsonPath, Integer line, Integer column, String message) {

    public IngestProblem {
        jsonPath = jsonPath == null ? "" : jsonPath;
    }

    public static IngestProblem inFile(String file, String message) {
        return new IngestProblem(file, "", null, null, message);
    }

    @Override
    public String toString() {
        StringBuilder where = new StringBuilder(file);
        if (!jsonPath.isEmpty()) {
            where.append(" at ").append(jsonPath);
        }
        if (line != null) {
            where.append(" (line ").append(line);
            if (column != null) {
                where.append(", column ").append(column);
            }
            where.append(')');
        }
        return where + ": " + message;
    }
}
