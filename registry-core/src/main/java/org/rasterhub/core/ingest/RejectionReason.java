package org.rasterhub.core.ingest;

/** Why a package was refused; {@link #code()} is the stable error code of the REST API. */
public enum RejectionReason {
    EMPTY_UPLOAD("empty_upload", "the upload is empty"),
    NOT_A_ZIP("not_a_zip", "not a valid package"),
    NO_MODEL_DEFINITION("no_model_definition", "no model definition (.emd) at the package root"),
    SEVERAL_MODEL_DEFINITIONS("several_model_definitions", "more than one .emd at the package root"),
    INVALID_MODEL_DEFINITION("invalid_model_definition", "the model definition (.emd) is invalid"),
    TOO_LARGE("too_large", "the package exceeds a size limit");

    private final String code;
    private final String description;

    RejectionReason(String code, String description) {
        this.code = code;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
