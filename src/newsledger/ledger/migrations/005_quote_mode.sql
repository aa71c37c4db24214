-- newsledger ledger, schema 5: Quote.mode (contract newsledger/1, additive) for quotes that are not speech.
-- Kept in its own table so that the migration can be applied again safely; a quote without a row is speech.
CREATE TABLE IF NOT EXISTS quote_modes (
    doc_id   TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    quote_id TEXT NOT NULL,
    mode     TEXT NOT NULL,            -- belief | knowledge
    PRIMARY KEY (doc_id, quote_id)
);
