-- Request budgets shared by every process on this database: per remote account (a Notion
-- integration, a Google service account), the next time one request may be sent. Each request
-- reserves a slot in one statement and pushes next_slot on by the account's interval; a server's
-- Retry-After pushes it to now + the pause. The key names the account by a hash or an e-mail
-- address, never by its secret.
CREATE TABLE chittysync.request_budgets (
    budget_key text        PRIMARY KEY,
    next_slot  timestamptz NOT NULL
);
