-- Per-document framing figures (nlp/framing_summary.py), one row per stored document, so that per-outlet
-- summaries are one GROUP BY: the share of the narrator's sentences that hold loaded wording.
CREATE TABLE IF NOT EXISTS framing_summary (
    doc_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    outlet TEXT,
    sentences INTEGER NOT NULL,
    narrator_sentences INTEGER NOT NULL,
    loaded_narrator INTEGER NOT NULL,
    spans INTEGER NOT NULL,
    outlet_spans INTEGER NOT NULL,
    quoted_spans INTEGER NOT NULL,
    contested INTEGER NOT NULL,
    summary TEXT NOT NULL  -- the whole FramingSummary as JSON (techniques, voices, contested terms)
);
CREATE INDEX IF NOT EXISTS framing_summary_outlet ON framing_summary(outlet);

-- Documents stored before this migration: their summary from the stored analysis, when the framing stage made one.
INSERT OR IGNORE INTO framing_summary
    SELECT id, outlet,
           json_extract(analysis, '$.extras.framing_summary.sentences'),
           json_extract(analysis, '$.extras.framing_summary.narrator_sentences'),
           json_extract(analysis, '$.extras.framing_summary.loaded_narrator'),
           json_extract(analysis, '$.extras.framing_summary.spans'),
           json_extract(analysis, '$.extras.framing_summary.outlet_spans'),
           json_extract(analysis, '$.extras.framing_summary.quoted_spans'),
           json_extract(analysis, '$.extras.framing_summary.contested'),
           json_extract(analysis, '$.extras.framing_summary')
    FROM documents
    WHERE json_type(analysis, '$.extras.framing_summary') = 'object';
