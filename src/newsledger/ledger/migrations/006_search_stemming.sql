-- newsledger ledger, schema 6: full-text search with stemming ("sanctions" finds "sanctioned"), over
-- article text and titles, quotes, event summaries and participants, and canonical entity names.
-- The tokenizer is porter over unicode61 (accents folded). The two existing tables are rebuilt from the
-- stored records; the two new ones are kept up to date by triggers, so writers need not know about them.

DROP TABLE IF EXISTS documents_fts;
CREATE VIRTUAL TABLE documents_fts USING fts5(
    doc_id UNINDEXED, title, text, tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO documents_fts (doc_id, title, text) SELECT id, coalesce(title, ''), text FROM documents;

DROP TABLE IF EXISTS quotes_fts;
CREATE VIRTUAL TABLE quotes_fts USING fts5(
    doc_id UNINDEXED, quote_id UNINDEXED, speaker, content, tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO quotes_fts (doc_id, quote_id, speaker, content)
    SELECT doc_id, id, coalesce(speaker_name, ''), content_text FROM quotes;

-- One row per event, rowid = the event's rowid (deletes check doc_id and event_id too, so a renumbered
-- table can never make a trigger delete another event's row).
CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(
    doc_id UNINDEXED, event_id UNINDEXED, summary, trigger, participants,
    tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO events_fts (rowid, doc_id, event_id, summary, trigger, participants)
    SELECT rowid, doc_id, id, coalesce(summary, ''), trigger_text,
           trim(coalesce(actor_name, '') || ' ' || coalesce(target_name, '') || ' ' || coalesce(where_name, ''))
    FROM events;
CREATE TRIGGER IF NOT EXISTS events_fts_insert AFTER INSERT ON events BEGIN
    INSERT INTO events_fts (rowid, doc_id, event_id, summary, trigger, participants)
    VALUES (new.rowid, new.doc_id, new.id, coalesce(new.summary, ''), new.trigger_text,
            trim(coalesce(new.actor_name, '') || ' ' || coalesce(new.target_name, '') || ' ' || coalesce(new.where_name, '')));
END;
CREATE TRIGGER IF NOT EXISTS events_fts_delete AFTER DELETE ON events BEGIN
    DELETE FROM events_fts WHERE rowid = old.rowid AND doc_id = old.doc_id AND event_id = old.id;
END;

-- One row per canonical entity, rowid = its id: the name and every surface form it is known under.
CREATE VIRTUAL TABLE IF NOT EXISTS entities_fts USING fts5(
    name, aliases, tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO entities_fts (rowid, name, aliases)
    SELECT c.id, c.name,
           coalesce((SELECT group_concat(surface, ' | ') FROM (SELECT DISTINCT surface FROM canonical_keys k
                                                           WHERE k.canonical_id = c.id)), '')
    FROM canonical_entities c;
CREATE TRIGGER IF NOT EXISTS entities_fts_insert AFTER INSERT ON canonical_entities BEGIN
    INSERT INTO entities_fts (rowid, name, aliases) VALUES (new.id, new.name, '');
END;
CREATE TRIGGER IF NOT EXISTS entities_fts_rename AFTER UPDATE OF name ON canonical_entities BEGIN
    UPDATE entities_fts SET name = new.name WHERE rowid = new.id;
END;
CREATE TRIGGER IF NOT EXISTS entities_fts_delete AFTER DELETE ON canonical_entities BEGIN
    DELETE FROM entities_fts WHERE rowid = old.id;
END;
CREATE TRIGGER IF NOT EXISTS entities_fts_key AFTER INSERT ON canonical_keys BEGIN
    UPDATE entities_fts SET aliases = aliases || ' | ' || new.surface
    WHERE rowid = new.canonical_id AND instr(' | ' || aliases || ' | ', ' | ' || new.surface || ' | ') = 0;
END;
CREATE TRIGGER IF NOT EXISTS entities_fts_key_moved AFTER UPDATE OF canonical_id ON canonical_keys BEGIN
    UPDATE entities_fts SET aliases = aliases || ' | ' || new.surface
    WHERE rowid = new.canonical_id AND instr(' | ' || aliases || ' | ', ' | ' || new.surface || ' | ') = 0;
END;
