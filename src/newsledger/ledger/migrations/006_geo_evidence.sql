-- newsledger ledger, schema 6: geocoded places, and the evidence of each clustered report.
-- Where each place record lies (the optional `geo` field of the contract): place entities (record 'entity',
-- record_id = entity id) and event places (record 'event', record_id = event id).
CREATE TABLE IF NOT EXISTS geo_places (
    doc_id       TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    record       TEXT NOT NULL,          -- entity | event
    record_id    TEXT NOT NULL,
    name         TEXT NOT NULL,
    lat          REAL NOT NULL,
    lon          REAL NOT NULL,
    precision    TEXT NOT NULL,          -- place | admin1 | country
    feature      TEXT NOT NULL,          -- city | facility | region | admin1 | country
    country_iso3 TEXT,
    country_iso2 TEXT,
    country      TEXT,
    admin1_code  TEXT,
    admin1_name  TEXT,
    admin2_name  TEXT,
    geonames_id  INTEGER,
    PRIMARY KEY (doc_id, record, record_id)
);
CREATE INDEX IF NOT EXISTS geo_places_country ON geo_places(country_iso3);

-- The sentence that reports each clustered event ([evidence_start, evidence_end) in the document's text) and
-- the independent source it belongs to (documents of one outlet, exact copies and near-duplicates share one).
CREATE TABLE IF NOT EXISTS cluster_evidence (
    doc_id         TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    event_id       TEXT NOT NULL,
    evidence_start INTEGER NOT NULL,
    evidence_end   INTEGER NOT NULL,
    source_group   TEXT,
    PRIMARY KEY (doc_id, event_id)
);
