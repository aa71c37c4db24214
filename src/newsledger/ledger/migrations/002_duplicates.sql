-- Near-duplicate links: a wire copy or republication points at the earliest copy (its canonical).
CREATE TABLE duplicates (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    canonical_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    method TEXT NOT NULL DEFAULT 'minhash-lsh',
    linked_at TEXT NOT NULL
);
CREATE INDEX duplicates_canonical ON duplicates(canonical_id);

-- MinHash signatures of stored documents, so that new documents can be matched without re-reading old ones.
CREATE TABLE minhash (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    num_perm INTEGER NOT NULL,
    shingles INTEGER NOT NULL,
    signature BLOB NOT NULL
);

-- Every document with the id of the copy that counts as its source (itself when it is no duplicate):
-- count DISTINCT canonical_id to count sources.
CREATE VIEW canonical_documents AS
    SELECT d.id AS doc_id, COALESCE(x.canonical_id, d.id) AS canonical_id
    FROM documents d LEFT JOIN duplicates x ON x.doc_id = d.id;
