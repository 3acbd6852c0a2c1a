-- Version 12: administrators disable accounts instead of deleting them, so that what the account owns
-- keeps its owner. A disabled account signs in neither with its password nor with its tokens, and its
-- open sessions end at their next request.
ALTER TABLE account ADD COLUMN disabled_at TIMESTAMP WITH TIME ZONE;
