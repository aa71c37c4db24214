-- newsledger ledger, schema 7 (006 is the geo evidence of branch ledger): full-text search with stemming ("sanctions" finds "sanctioned") over article
-- titles and text, quotes, event summaries and participants, canonical entity names and cluster reports, with
-- the figures facets count. The tokenizer is porter over unicode61 (accents folded).
--
-- Every index is kept up to date by triggers on the tables the store and the linker write, so that neither
-- needs to know about search. Rows are found by integer keys that VACUUM cannot renumber:
--   search_docs.key        one per document (INTEGER PRIMARY KEY), with the fields facets count;
--   documents_fts rowid    = the document's key;
--   quotes_fts, events_fts rowid = key * 1048576 + n (n-th quote or event of the document), so a document's
--                          rows are one rowid range and a row's document is rowid >> 20;
--   entities_fts rowid     = the canonical entity's id; clusters_fts rowid = the cluster's id.

-- Earlier layouts (schema 1 and a first draft of this one) are replaced.
DROP TRIGGER IF EXISTS events_fts_insert;
DROP TRIGGER IF EXISTS events_fts_delete;
DROP TABLE IF EXISTS documents_fts;
DROP TABLE IF EXISTS quotes_fts;
DROP TABLE IF EXISTS events_fts;
DROP TABLE IF EXISTS entities_fts;

DROP TABLE IF EXISTS search_docs;
CREATE TABLE search_docs (
    key       INTEGER PRIMARY KEY,
    id        TEXT NOT NULL UNIQUE,   -- documents.id
    outlet    TEXT,
    published TEXT,
    title     TEXT,                   -- title, url and chars: lists read these small rows, not the documents
    url       TEXT,                   -- table's (whose rows hold the whole text and analysis)
    chars     INTEGER NOT NULL DEFAULT 0,
    types     TEXT,                   -- the document's event types, a JSON array (type facet)
    entities  TEXT                    -- its canonical entity ids, a JSON array (entity facet)
);
CREATE INDEX search_docs_published ON search_docs(published);
CREATE INDEX search_docs_outlet ON search_docs(outlet);
INSERT INTO search_docs (id, outlet, published, title, url, chars, types, entities)
    SELECT d.id, d.outlet, d.published, d.title, d.url, length(d.text),
           (SELECT json_group_array(type) FROM (SELECT DISTINCT e.type FROM events e WHERE e.doc_id = d.id)),
           (SELECT json_group_array(cid) FROM (SELECT DISTINCT l.canonical_id AS cid FROM entity_links l WHERE l.doc_id = d.id))
    FROM documents d ORDER BY d.rowid;

CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2');
-- `ORDER BY rank` is BM25 with these column weights (a title word counts four times a body word); FTS5 ranks
-- this way several times faster than a bm25(...) call in the query.
INSERT INTO documents_fts (documents_fts, rank) VALUES ('rank', 'bm25(4.0, 1.0)');
INSERT INTO documents_fts (rowid, title, text)
    SELECT s.key, coalesce(d.title, ''), d.text FROM documents d JOIN search_docs s ON s.id = d.id;

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    doc_id UNINDEXED, quote_id UNINDEXED, speaker, content, tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO quotes_fts (quotes_fts, rank) VALUES ('rank', 'bm25(0.0, 0.0, 1.0, 2.0)');
INSERT INTO quotes_fts (rowid, doc_id, quote_id, speaker, content)
    SELECT s.key * 1048576 + row_number() OVER (PARTITION BY q.doc_id ORDER BY q.rowid), q.doc_id, q.id,
           coalesce(q.speaker_name, ''), q.content_text
    FROM quotes q JOIN search_docs s ON s.id = q.doc_id;

CREATE VIRTUAL TABLE events_fts USING fts5(
    doc_id UNINDEXED, event_id UNINDEXED, type UNINDEXED, modality UNINDEXED, summary, trigger, participants,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (events_fts, rank) VALUES ('rank', 'bm25(0.0, 0.0, 0.0, 0.0, 2.0, 1.0, 1.0)');
INSERT INTO events_fts (rowid, doc_id, event_id, type, modality, summary, trigger, participants)
    SELECT s.key * 1048576 + row_number() OVER (PARTITION BY e.doc_id ORDER BY e.rowid), e.doc_id, e.id, e.type,
           e.modality, coalesce(e.summary, ''), e.trigger_text,
           trim(coalesce(e.actor_name, '') || ' ' || coalesce(e.target_name, '') || ' ' || coalesce(e.where_name, ''))
    FROM events e JOIN search_docs s ON s.id = e.doc_id;

CREATE VIRTUAL TABLE entities_fts USING fts5(name, aliases, tokenize = 'porter unicode61 remove_diacritics 2');
INSERT INTO entities_fts (entities_fts, rank) VALUES ('rank', 'bm25(2.0, 1.0)');
INSERT INTO entities_fts (rowid, name, aliases)
    SELECT c.id, c.name,
           coalesce((SELECT group_concat(surface, ' | ') FROM (SELECT DISTINCT surface FROM canonical_keys k
                                                           WHERE k.canonical_id = c.id)), '')
    FROM canonical_entities c;

CREATE VIRTUAL TABLE IF NOT EXISTS clusters_fts USING fts5(label, reports, tokenize = 'porter unicode61 remove_diacritics 2');
DELETE FROM clusters_fts;
INSERT INTO clusters_fts (rowid, label, reports)
    SELECT c.id, c.label,
           coalesce((SELECT group_concat(r, ' | ') FROM (SELECT DISTINCT coalesce(nullif(e.summary, ''), e.trigger_text) AS r
                     FROM cluster_members m JOIN events e ON e.doc_id = m.doc_id AND e.id = m.event_id
                     WHERE m.cluster_id = c.id)), '')
    FROM clusters c;

-- documents
DROP TRIGGER IF EXISTS search_docs_insert;
CREATE TRIGGER search_docs_insert AFTER INSERT ON documents BEGIN
    INSERT INTO search_docs (id, outlet, published, title, url, chars)
    VALUES (new.id, new.outlet, new.published, new.title, new.url, length(new.text));
    INSERT INTO documents_fts (rowid, title, text) VALUES (last_insert_rowid(), coalesce(new.title, ''), new.text);
END;
DROP TRIGGER IF EXISTS search_docs_update;
CREATE TRIGGER search_docs_update AFTER UPDATE OF outlet, published, title, url, text ON documents BEGIN
    UPDATE search_docs SET outlet = new.outlet, published = new.published, title = new.title, url = new.url,
                           chars = length(new.text) WHERE id = new.id;
    UPDATE documents_fts SET title = coalesce(new.title, ''), text = new.text
    WHERE rowid = (SELECT key FROM search_docs WHERE id = new.id);
END;
DROP TRIGGER IF EXISTS search_docs_delete;
CREATE TRIGGER search_docs_delete AFTER DELETE ON documents BEGIN
    DELETE FROM documents_fts WHERE rowid = (SELECT key FROM search_docs WHERE id = old.id);
    DELETE FROM quotes_fts WHERE rowid BETWEEN (SELECT key FROM search_docs WHERE id = old.id) * 1048576
                                           AND (SELECT key FROM search_docs WHERE id = old.id) * 1048576 + 1048575;
    DELETE FROM events_fts WHERE rowid BETWEEN (SELECT key FROM search_docs WHERE id = old.id) * 1048576
                                           AND (SELECT key FROM search_docs WHERE id = old.id) * 1048576 + 1048575;
    DELETE FROM search_docs WHERE id = old.id;
END;

-- quotes and events: the next rowid of their document's range
DROP TRIGGER IF EXISTS quotes_fts_insert;
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts (rowid, doc_id, quote_id, speaker, content)
    SELECT coalesce((SELECT max(rowid) FROM quotes_fts WHERE rowid BETWEEN s.key * 1048576 AND s.key * 1048576 + 1048575),
                    s.key * 1048576) + 1,
           new.doc_id, new.id, coalesce(new.speaker_name, ''), new.content_text
    FROM search_docs s WHERE s.id = new.doc_id;
END;
DROP TRIGGER IF EXISTS quotes_fts_delete;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN
    DELETE FROM quotes_fts WHERE rowid BETWEEN (SELECT key FROM search_docs WHERE id = old.doc_id) * 1048576
                                           AND (SELECT key FROM search_docs WHERE id = old.doc_id) * 1048576 + 1048575
                             AND quote_id = old.id;
END;
DROP TRIGGER IF EXISTS events_fts_insert;
CREATE TRIGGER events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, doc_id, event_id, type, modality, summary, trigger, participants)
    SELECT coalesce((SELECT max(rowid) FROM events_fts WHERE rowid BETWEEN s.key * 1048576 AND s.key * 1048576 + 1048575),
                    s.key * 1048576) + 1,
           new.doc_id, new.id, new.type, new.modality, coalesce(new.summary, ''), new.trigger_text,
           trim(coalesce(new.actor_name, '') || ' ' || coalesce(new.target_name, '') || ' ' || coalesce(new.where_name, ''))
    FROM search_docs s WHERE s.id = new.doc_id;
    UPDATE search_docs SET types = json_insert(coalesce(types, '[]'), '$[#]', new.type)
    WHERE id = new.doc_id AND NOT EXISTS (SELECT 1 FROM json_each(coalesce(types, '[]')) WHERE value = new.type);
END;
DROP TRIGGER IF EXISTS events_fts_delete;
CREATE TRIGGER events_fts_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_fts WHERE rowid BETWEEN (SELECT key FROM search_docs WHERE id = old.doc_id) * 1048576
                                           AND (SELECT key FROM search_docs WHERE id = old.doc_id) * 1048576 + 1048575
                             AND event_id = old.id;
END;

-- entity links: the document's canonical entities for the entity facet
DROP TRIGGER IF EXISTS search_docs_links_insert;
CREATE TRIGGER search_docs_links_insert AFTER INSERT ON entity_links BEGIN
    UPDATE search_docs SET entities = (SELECT json_group_array(cid) FROM (SELECT DISTINCT canonical_id AS cid FROM entity_links WHERE doc_id = new.doc_id))
    WHERE id = new.doc_id;
END;
DROP TRIGGER IF EXISTS search_docs_links_update;
CREATE TRIGGER search_docs_links_update AFTER UPDATE OF canonical_id ON entity_links BEGIN
    UPDATE search_docs SET entities = (SELECT json_group_array(cid) FROM (SELECT DISTINCT canonical_id AS cid FROM entity_links WHERE doc_id = new.doc_id))
    WHERE id = new.doc_id;
END;
DROP TRIGGER IF EXISTS search_docs_links_delete;
CREATE TRIGGER search_docs_links_delete AFTER DELETE ON entity_links BEGIN
    UPDATE search_docs SET entities = (SELECT json_group_array(cid) FROM (SELECT DISTINCT canonical_id AS cid FROM entity_links WHERE doc_id = old.doc_id))
    WHERE id = old.doc_id;
END;

-- canonical entities: the name and every surface form they are known under
DROP TRIGGER IF EXISTS entities_fts_insert;
CREATE TRIGGER entities_fts_insert AFTER INSERT ON canonical_entities BEGIN
    INSERT INTO entities_fts (rowid, name, aliases) VALUES (new.id, new.name, '');
END;
DROP TRIGGER IF EXISTS entities_fts_rename;
CREATE TRIGGER entities_fts_rename AFTER UPDATE OF name ON canonical_entities BEGIN
    UPDATE entities_fts SET name = new.name WHERE rowid = new.id;
END;
DROP TRIGGER IF EXISTS entities_fts_delete;
CREATE TRIGGER entities_fts_delete AFTER DELETE ON canonical_entities BEGIN
    DELETE FROM entities_fts WHERE rowid = old.id;
END;
DROP TRIGGER IF EXISTS entities_fts_key;
CREATE TRIGGER entities_fts_key AFTER INSERT ON canonical_keys BEGIN
    UPDATE entities_fts SET aliases = aliases || ' | ' || new.surface
    WHERE rowid = new.canonical_id AND instr(' | ' || aliases || ' | ', ' | ' || new.surface || ' | ') = 0;
END;
DROP TRIGGER IF EXISTS entities_fts_key_moved;
CREATE TRIGGER entities_fts_key_moved AFTER UPDATE OF canonical_id ON canonical_keys BEGIN
    UPDATE entities_fts SET aliases = aliases || ' | ' || new.surface
    WHERE rowid = new.canonical_id AND instr(' | ' || aliases || ' | ', ' | ' || new.surface || ' | ') = 0;
END;

-- event clusters: the label and every distinct report (event summary) of their members
DROP TRIGGER IF EXISTS clusters_fts_insert;
CREATE TRIGGER clusters_fts_insert AFTER INSERT ON clusters BEGIN
    INSERT INTO clusters_fts (rowid, label, reports) VALUES (new.id, new.label, '');
END;
DROP TRIGGER IF EXISTS clusters_fts_label;
CREATE TRIGGER clusters_fts_label AFTER UPDATE OF label ON clusters BEGIN
    UPDATE clusters_fts SET label = new.label WHERE rowid = new.id;
END;
DROP TRIGGER IF EXISTS clusters_fts_delete;
CREATE TRIGGER clusters_fts_delete AFTER DELETE ON clusters BEGIN
    DELETE FROM clusters_fts WHERE rowid = old.id;
END;
DROP TRIGGER IF EXISTS clusters_fts_member;
CREATE TRIGGER clusters_fts_member AFTER INSERT ON cluster_members BEGIN
    UPDATE clusters_fts
    SET reports = reports || ' | ' || (SELECT coalesce(nullif(e.summary, ''), e.trigger_text) FROM events e
                                       WHERE e.doc_id = new.doc_id AND e.id = new.event_id)
    WHERE rowid = new.cluster_id
      AND instr(' | ' || reports || ' | ', ' | ' || (SELECT coalesce(nullif(e.summary, ''), e.trigger_text) FROM events e
                                                     WHERE e.doc_id = new.doc_id AND e.id = new.event_id) || ' | ') = 0;
END;
DROP TRIGGER IF EXISTS clusters_fts_member_moved;
CREATE TRIGGER clusters_fts_member_moved AFTER UPDATE OF cluster_id ON cluster_members BEGIN
    UPDATE clusters_fts
    SET reports = reports || ' | ' || (SELECT coalesce(nullif(e.summary, ''), e.trigger_text) FROM events e
                                       WHERE e.doc_id = new.doc_id AND e.id = new.event_id)
    WHERE rowid = new.cluster_id
      AND instr(' | ' || reports || ' | ', ' | ' || (SELECT coalesce(nullif(e.summary, ''), e.trigger_text) FROM events e
                                                     WHERE e.doc_id = new.doc_id AND e.id = new.event_id) || ' | ') = 0;
END;
