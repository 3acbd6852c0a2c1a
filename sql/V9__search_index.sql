-- Version 9: the catalog's own search index, portable between H2 and PostgreSQL (no vendor full-text).
-- Kept by org.rasterhub.portal.catalog.search.SearchIndex whenever an item or its latest version
-- changes, and filled at start for items that have no entry yet. Deleting an item deletes its entries.

-- One narrow row per item with what searches filter, sort and check visibility by: the latest
-- version's facts and copies of the item's owner, sharing and modification time (catalog_item rows
-- carry descriptions; scanning them for a count of 100,000 items is what this table avoids).
CREATE TABLE search_item (
    item_id        BIGINT       NOT NULL PRIMARY KEY REFERENCES catalog_item (id) ON DELETE CASCADE,
    owner          VARCHAR(100) NOT NULL,
    sharing        VARCHAR(20)  NOT NULL,
    modified_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    title_key      VARCHAR(200) NOT NULL,
    version_number INTEGER      NOT NULL,
    model_type     VARCHAR(100) NOT NULL,
    framework      VARCHAR(100),
    class_count    INTEGER      NOT NULL
);
-- The two orders without words, read straight from an index and stopped at the page.
CREATE INDEX search_item_modified ON search_item (modified_at DESC, item_id DESC);
CREATE INDEX search_item_title ON search_item (title_key, modified_at DESC, item_id DESC);
CREATE INDEX search_item_owner ON search_item (owner);
CREATE INDEX search_item_sharing ON search_item (sharing);
CREATE INDEX search_item_model_type ON search_item (model_type);
CREATE INDEX search_item_framework ON search_item (framework);

-- Inverted index: one row per word and item; weight adds up the fields the word is in
-- (title 8, tag 4, class name 4, summary 2, description 1). Weight is part of the key so that a
-- word's matches with their weights are read from the key alone: with (term, item_id) only, H2
-- fetched every matching row from the table (61,751 page reads for a common word, 1 s; 8 with it).
CREATE TABLE search_term (
    term    VARCHAR(64) NOT NULL,
    item_id BIGINT      NOT NULL REFERENCES catalog_item (id) ON DELETE CASCADE,
    weight  INTEGER     NOT NULL,
    PRIMARY KEY (term, item_id, weight)
);
CREATE INDEX search_term_item ON search_term (item_id);

-- Tags in lower case, so the tag filter ignores case and still uses an index.
CREATE TABLE search_tag (
    tag     VARCHAR(100) NOT NULL,
    item_id BIGINT       NOT NULL REFERENCES catalog_item (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, item_id)
);
CREATE INDEX search_tag_item ON search_tag (item_id);
