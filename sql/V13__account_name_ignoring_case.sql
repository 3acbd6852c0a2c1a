-- Version 13: user names are unique ignoring case, as group names are: "ADMIN" beside "admin" would
-- let one account pass for another in lists, logs and sharing dialogs. username_key holds the name in
-- lower case under a unique constraint (H2 has no index on an expression). Accounts that already
-- differ only by case keep working: the later ones get their id appended to the key.
ALTER TABLE account ADD COLUMN username_key VARCHAR(130);
UPDATE account SET username_key = LOWER(username);
UPDATE account SET username_key = LOWER(username) || '#' || CAST(id AS VARCHAR(20))
    WHERE EXISTS (SELECT 1 FROM account other
                  WHERE LOWER(other.username) = LOWER(account.username) AND other.id < account.id);
ALTER TABLE account ALTER COLUMN username_key SET NOT NULL;
ALTER TABLE account ADD CONSTRAINT account_username_key_unique UNIQUE (username_key);
