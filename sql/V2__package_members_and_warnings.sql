-- Version 2: every file of a package is stored content-addressed too, and upload warnings are kept.

ALTER TABLE package_file ADD COLUMN sha256 CHAR(64);

CREATE TABLE version_warning (
    version_id BIGINT        NOT NULL REFERENCES item_version (id) ON DELETE CASCADE,
    list_index INTEGER       NOT NULL,
    message    VARCHAR(1000) NOT NULL,
    PRIMARY KEY (version_id, list_index)
);
