-- newsledger ledger, schema 3: canonical entities across documents and event clusters (incremental).
-- Numbered 003 so that 002 (near-duplicate links, branch clean) can land before it.
CREATE TABLE IF NOT EXISTS canonical_entities (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    class       TEXT NOT NULL,          -- person | place | org | other (merging is only within a class)
    external_id TEXT,                   -- e.g. a Wikidata QID from a user mapping file
    n_docs      INTEGER NOT NULL DEFAULT 0,
    n_mentions  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS canonical_entities_name ON canonical_entities(name);
CREATE INDEX IF NOT EXISTS canonical_entities_ext ON canonical_entities(external_id);

-- Every normalised name key under which a canonical entity is known (names, aliases, variants).
CREATE TABLE IF NOT EXISTS canonical_keys (
    key          TEXT NOT NULL,
    class        TEXT NOT NULL,
    canonical_id INTEGER NOT NULL REFERENCES canonical_entities(id) ON DELETE CASCADE,
    surface      TEXT NOT NULL,
    PRIMARY KEY (key, class, canonical_id)
);
CREATE INDEX IF NOT EXISTS canonical_keys_id ON canonical_keys(canonical_id);

-- A user-supplied mapping of names/aliases to external ids (applied to later links too).
CREATE TABLE IF NOT EXISTS external_ids (
    key         TEXT PRIMARY KEY,
    external_id TEXT NOT NULL,
    label       TEXT
);

-- Document entity -> canonical entity.
CREATE TABLE IF NOT EXISTS entity_links (
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    entity_id    TEXT NOT NULL,
    canonical_id INTEGER NOT NULL REFERENCES canonical_entities(id) ON DELETE CASCADE,
    PRIMARY KEY (doc_id, entity_id)
);
CREATE INDEX IF NOT EXISTS entity_links_canonical ON entity_links(canonical_id);

-- Which stored documents the cross-document layer has processed (content_hash detects re-stores).
CREATE TABLE IF NOT EXISTS linked_documents (
    doc_id       TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    content_hash TEXT NOT NULL,
    linked_at    TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS clusters (
    id             INTEGER PRIMARY KEY,
    type           TEXT,
    label          TEXT NOT NULL,
    date_value     TEXT,
    date_precision TEXT,
    date_start     TEXT,
    place          TEXT,
    n_events       INTEGER NOT NULL DEFAULT 0,
    n_documents    INTEGER NOT NULL DEFAULT 0,
    n_outlets      INTEGER NOT NULL DEFAULT 0,
    corroboration  INTEGER NOT NULL DEFAULT 0,   -- independent sources (duplicates/wire copies once)
    conflicts      TEXT NOT NULL DEFAULT '[]',   -- JSON list of {kind, detail, members}
    updated_at     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS clusters_date ON clusters(date_start);
CREATE INDEX IF NOT EXISTS clusters_type ON clusters(type);

CREATE TABLE IF NOT EXISTS cluster_members (
    cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    doc_id     TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event_id   TEXT NOT NULL,
    score      REAL NOT NULL,
    features   TEXT NOT NULL DEFAULT '{}',       -- JSON of the event's clustering features
    PRIMARY KEY (doc_id, event_id)
);
CREATE INDEX IF NOT EXISTS cluster_members_cluster ON cluster_members(cluster_id);

-- Blocking index for incremental clustering: cluster -> feature keys (ent:ID, trig:LEMMA|DATE).
CREATE TABLE IF NOT EXISTS cluster_features (
    cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
    feature    TEXT NOT NULL,
    PRIMARY KEY (feature, cluster_id)
);
CREATE INDEX IF NOT EXISTS cluster_features_cluster ON cluster_features(cluster_id);

CREATE INDEX IF NOT EXISTS events_doc ON events(doc_id);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes(doc_id);
CREATE INDEX IF NOT EXISTS quotes_speaker_entity ON quotes(doc_id, speaker_entity);
