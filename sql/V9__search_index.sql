-- Version 9: the catalog's own search index, portable between H2 and PostgreSQL (no vendor full-text).
-- Kept by org.rasterhub.portal.catalog.search.SearchIndex whenever an item or its latest version
-- changes, and filled at start for items that have no entry yet. Deleting an item deletes its entries.

-- The latest version's facts that searches filter, sort and list by, one row per item.
CREATE TABLE search_item (
    item_id        BIGINT       NOT NULL PRIMARY KEY REFERENCES catalog_item (id) ON DELETE CASCADE,
    title_key      VARCHAR(200) NOT NULL,
    version_number INTEGER      NOT NULL,
    model_type     VARCHAR(100) NOT NULL,
    framework      VARCHAR(100),
    class_count    INTEGER      NOT NULL
);
CREATE INDEX search_item_title ON search_item (title_key, item_id);
CREATE INDEX search_item_model_type ON search_item (model_type);
CREATE INDEX search_item_framework ON search_item (framework);

-- Inverted index: one row per word and item; weight adds up the fields the word is in
-- (title 8, tag 4, class name 4, summary 2, description 1).
CREATE TABLE search_term (
    term    VARCHAR(64) NOT NULL,
    item_id BIGINT      NOT NULL REFERENCES catalog_item (id) ON DELETE CASCADE,
    weight  INTEGER     NOT NULL,
    PRIMARY KEY (term, item_id)
);
CREATE INDEX search_term_item ON search_term (item_id);

-- The default order (most recently modified first) read straight from an index, stopping at the page.
CREATE INDEX catalog_item_modified_id ON catalog_item (modified_at DESC, id DESC);

-- Tags in lower case, so the tag filter ignores case and still uses an index.
CREATE TABLE search_tag (
    tag     VARCHAR(100) NOT NULL,
    item_id BIGINT       NOT NULL REFERENCES catalog_item (id) ON DELETE CASCADE,
    PRIMARY KEY (tag, item_id)
);
CREATE INDEX search_tag_item ON search_tag (item_id);
