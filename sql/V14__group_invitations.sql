-- Version 14: a group's owner invites accounts; they join when they accept. Before, any owner enrolled
-- anyone without consent, and the answer told whether an account of that name existed. The invited
-- name is kept in lower case, whether or not an account has it, so an invitation reveals nothing;
-- the account of that name (ignoring case) may accept or decline it.
CREATE TABLE group_invitation (
    group_id     BIGINT       NOT NULL REFERENCES portal_group (id) ON DELETE CASCADE,
    username_key VARCHAR(130) NOT NULL,
    PRIMARY KEY (group_id, username_key)
);
CREATE INDEX group_invitation_username ON group_invitation (username_key);
