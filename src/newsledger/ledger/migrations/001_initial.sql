-- newsledger ledger, schema 1: documents and every per-document record type, with offsets.
CREATE TABLE documents (
    id            TEXT PRIMARY KEY,
    content_hash  TEXT NOT NULL,
    url           TEXT,
    outlet        TEXT,
    title         TEXT,
    published     TEXT,
    text          TEXT NOT NULL,
    meta          TEXT NOT NULL DEFAULT '{}',
    analysis      TEXT NOT NULL,
    analyzed_at   TEXT NOT NULL
);
CREATE INDEX documents_hash ON documents(content_hash);
CREATE INDEX documents_published ON documents(published);
CREATE INDEX documents_outlet ON documents(outlet);

CREATE TABLE removed (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL,
    kind TEXT NOT NULL, reason TEXT, score REAL
);
CREATE INDEX removed_doc ON removed(doc_id);

CREATE TABLE entities (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, country TEXT,
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE mentions (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id TEXT NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, kind TEXT
);
CREATE INDEX mentions_doc ON mentions(doc_id, entity_id);

CREATE TABLE timexes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    type TEXT NOT NULL, value TEXT NOT NULL, precision TEXT
);
CREATE INDEX timexes_doc ON timexes(doc_id);
CREATE INDEX timexes_value ON timexes(value);

CREATE TABLE quotes (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL, kind TEXT NOT NULL,
    speaker_name TEXT, speaker_entity TEXT, speaker_start INTEGER, speaker_end INTEGER,
    cue_text TEXT, cue_start INTEGER, cue_end INTEGER,
    content_text TEXT NOT NULL, content_start INTEGER NOT NULL, content_end INTEGER NOT NULL,
    when_value TEXT,
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX quotes_speaker ON quotes(speaker_name);

CREATE TABLE events (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    id TEXT NOT NULL, type TEXT NOT NULL,
    trigger_text TEXT NOT NULL, trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,
    actor_name TEXT, actor_entity TEXT, target_name TEXT, target_entity TEXT,
    where_name TEXT, where_entity TEXT,
    when_value TEXT, when_precision TEXT,
    claimed_by_name TEXT, claimed_by_quote TEXT,
    modality TEXT NOT NULL, summary TEXT,
    PRIMARY KEY (doc_id, id)
);
CREATE INDEX events_type ON events(type);
CREATE INDEX events_when ON events(when_value);

CREATE TABLE framing (
    doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    technique TEXT NOT NULL, voice TEXT NOT NULL, contested INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX framing_doc ON framing(doc_id);

CREATE TABLE failures (
    source TEXT PRIMARY KEY,
    message TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE VIRTUAL TABLE documents_fts USING fts5(doc_id UNINDEXED, title, text, tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE quotes_fts USING fts5(doc_id UNINDEXED, quote_id UNINDEXED, speaker, content, tokenize = 'unicode61 remove_diacritics 2');
