-- Version 3: named aliases ("production", "candidate") that point at one version of an item and can move.

CREATE TABLE item_alias (
    item_id        BIGINT      NOT NULL REFERENCES catalog_item (id) ON DELETE CASCADE,
    name           VARCHAR(40) NOT NULL,
    version_number INTEGER     NOT NULL,
    PRIMARY KEY (item_id, name)
);
