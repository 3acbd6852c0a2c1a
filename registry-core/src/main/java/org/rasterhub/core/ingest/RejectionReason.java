package org.rasterhub.core.ingest;

/** Why a package was refused; {@link #code()} is the stable error code of the REST API. */
public enum RejectionReason {
    EMPTY_UPLOAD("empty_upload", "the upload is empty"),
    NOT_A_ZIP("not_a_zip", "not a valid package"),
    UNSAFE_ENTRY_NAME("unsafe_entry_name", "an entry name could escape the package or is not a plain path"),
    ENTRY_NAME_TOO_LONG("entry_name_too_long", "an entry name is too long"),
    SYMBOLIC_LINK("symbolic_link", "the package contains a symbolic link"),
    DUPLICATE_ENTRY("duplicate_entry", "the package contains the same entry twice"),
    INCONSISTENT_ARCHIVE("inconsistent_archive", "the archive's headers disagree with its content"),
    ENCRYPTED_ENTRY("encrypted_entry", "the package contains an encrypted entry"),
    UNSUPPORTED_COMPRESSION("unsupported_compression", "an entry uses a compression method that cannot be read"),
    COMPRESSION_BOMB("compression_bomb", "an entry expands far more than a model file can"),
    TOO_MANY_ENTRIES("too_many_entries", "the package has too many entries"),
    TOO_LARGE("too_large", "the package exceeds a size limit"),
    NO_MODEL_DEFINITION("no_model_definition", "no model definition (.emd) at the package root"),
    SEVERAL_MODEL_DEFINITIONS("several_model_definitions", "more than one .emd at the package root"),
    INVALID_MODEL_DEFINITION("invalid_model_definition", "the model definition (.emd) is invalid"),
    DANGEROUS_CODE("dangerous_code", "a file would run system commands or arbitrary code when loaded"),
    NO_MODEL_METADATA("no_model_metadata", "the ONNX model does not describe itself well enough to make a package"),
    STAC_MISMATCH("stac_mismatch", "the STAC item does not describe this model file, or no model RasterHub runs");

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
