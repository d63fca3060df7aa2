-- Analysis views for ad hoc SQL and BI tools. Re-created on every run.

CREATE OR REPLACE VIEW v_statements AS
SELECT d.title            AS document_title,
       d.dateline,
       d.outlet,
       d.source_path,
       a.canonical_name   AS speaker,
       a.actor_type       AS speaker_type,
       a.document_scoped  AS speaker_document_scoped,
       s.speaker_text,
       s.kind,
       s.verb,
       s.content,
       s.paragraph_index,
       s.document_id,
       s.statement_id,
       s.quote_id
FROM fact_statements s
JOIN dim_documents d USING (document_id)
LEFT JOIN dim_actors a ON a.actor_id = s.speaker_actor_id;
COMMENT ON VIEW v_statements IS 'Who said what: one row per statement with its document and canonical speaker (NULL when unattributed).';

CREATE OR REPLACE VIEW v_figures AS
SELECT d.title            AS document_title,
       d.source_path,
       f.measure,
       f.measure_key,
       f.figure_kind,
       f.value,
       f.value_high,
       f.unit,
       f.per_unit,
       f.base_value,
       f.base_unit,
       f.base_rate_date,
       f.qualifier,
       f.period,
       f.period_start,
       f.period_end,
       d.published_at,
       a.canonical_name   AS source_name,
       f.surface,
       f.document_id,
       f.figure_id
FROM fact_figures f
JOIN dim_documents d USING (document_id)
LEFT JOIN dim_actors a ON a.actor_id = f.source_actor_id;
COMMENT ON VIEW v_figures IS 'Reported numbers with what they measure, their unit, hedge, period and who gave them.';

CREATE OR REPLACE VIEW v_document_actors AS
SELECT d.title AS document_title,
       d.source_path,
       a.canonical_name,
       a.actor_type,
       fa.role,
       fa.mention_count,
       fa.document_id,
       fa.actor_id
FROM fact_actors fa
JOIN dim_documents d USING (document_id)
JOIN dim_actors a USING (actor_id);
COMMENT ON VIEW v_document_actors IS 'Actors per document, with their role there and how often they are mentioned.';

CREATE OR REPLACE VIEW v_actor_cooccurrence AS
SELECT a1.canonical_name AS actor_a,
       a2.canonical_name AS actor_b,
       count(DISTINCT f1.document_id) AS documents
FROM fact_actors f1
JOIN fact_actors f2 ON f1.document_id = f2.document_id AND f1.actor_id < f2.actor_id
JOIN dim_actors a1 ON a1.actor_id = f1.actor_id
JOIN dim_actors a2 ON a2.actor_id = f2.actor_id
GROUP BY ALL;
COMMENT ON VIEW v_actor_cooccurrence IS 'Pairs of actors mentioned in the same documents, and in how many.';

CREATE OR REPLACE VIEW v_actor_summary AS
SELECT a.actor_id,
       a.canonical_name,
       a.actor_type,
       a.document_scoped,
       count(DISTINCT fa.document_id) AS documents,
       coalesce(sum(fa.mention_count), 0) AS mentions,
       (SELECT count(*) FROM fact_statements s WHERE s.speaker_actor_id = a.actor_id) AS statements,
       (SELECT count(*) FROM fact_figures f WHERE f.source_actor_id = a.actor_id) AS figures_given
FROM dim_actors a
LEFT JOIN fact_actors fa USING (actor_id)
GROUP BY ALL;
COMMENT ON VIEW v_actor_summary IS 'One row per actor: documents, mentions, statements made and figures given.';

CREATE OR REPLACE VIEW v_speaker_timeline AS
SELECT a.canonical_name AS speaker,
       CAST(d.published_at AS DATE) AS published_day,
       count(*) AS statements,
       count(*) FILTER (WHERE s.kind = 'direct') AS direct_quotes
FROM fact_statements s
JOIN dim_documents d USING (document_id)
JOIN dim_actors a ON a.actor_id = s.speaker_actor_id
GROUP BY ALL;
COMMENT ON VIEW v_speaker_timeline IS 'Statements per speaker per publication day (the page''s own stamp; published_day is NULL for pages that print none).';

CREATE OR REPLACE VIEW v_quote_statements AS
SELECT s.quote_id,
       s.statement_id,
       s.document_id,
       s.kind,
       s.content,
       s.speaker_actor_id,
       s.speaker_text,
       CASE WHEN a.document_scoped THEN 'named: ' || lower(a.canonical_name)  -- 'officials' here and there: the same words
            WHEN s.speaker_actor_id IS NOT NULL THEN s.speaker_actor_id
            WHEN lower(trim(s.speaker_text)) NOT IN ('he', 'she', 'they', 'it', 'we', 'i', 'you', 'him', 'her', 'them')
            THEN 'named: ' || lower(trim(s.speaker_text)) END AS given_speaker,
       coalesce(a.canonical_name, s.speaker_text) AS speaker,
       d.title AS document_title,
       d.source_path,
       d.outlet,
       d.source,
       d.published_at,
       d.loaded_at
FROM fact_statements s
JOIN dim_documents d USING (document_id)
LEFT JOIN dim_actors a ON a.actor_id = s.speaker_actor_id;
COMMENT ON VIEW v_quote_statements IS 'Each statement with its quote, its document and the speaker that document gives it.';

CREATE OR REPLACE VIEW v_quote_spread AS
SELECT q.quote_id,
       q.text,
       q.kind,
       a.canonical_name AS speaker,
       q.speaker_documents,
       q.speakers,
       q.documents,
       q.outlets,
       q.sources,
       q.first_published_at,
       f.title AS first_title,
       f.source_path AS first_source_path,
       q.first_outlet,
       q.first_source,
       q.last_published_at,
       l.title AS last_title,
       l.source_path AS last_source_path
FROM dim_quotes q
JOIN dim_documents f ON f.document_id = q.first_document_id
JOIN dim_documents l ON l.document_id = q.last_document_id
LEFT JOIN dim_actors a ON a.actor_id = q.speaker_actor_id
WHERE q.documents >= 2
ORDER BY q.documents DESC, q.outlets DESC, q.first_published_at NULLS LAST, q.quote_id;
COMMENT ON VIEW v_quote_spread IS 'Quotes carried by two or more documents, most widely carried first: who said it, who carried it first and last.';

CREATE OR REPLACE VIEW v_quote_conflicts AS
SELECT q.quote_id,
       q.text,
       min(s.speaker) AS speaker,
       min(s.speaker_actor_id) AS speaker_actor_id,
       count(DISTINCT s.document_id) AS documents,
       string_agg(DISTINCT s.source_path, '; ' ORDER BY s.source_path) AS source_paths,
       string_agg(DISTINCT s.document_title, ' | ' ORDER BY s.document_title) AS document_titles,
       string_agg(DISTINCT coalesce(s.outlet, s.source), '; ' ORDER BY coalesce(s.outlet, s.source)) AS outlets
FROM dim_quotes q
JOIN v_quote_statements s USING (quote_id)
WHERE q.speakers >= 2 AND s.given_speaker IS NOT NULL
GROUP BY q.quote_id, q.text, s.given_speaker
ORDER BY q.quote_id, documents DESC, speaker;
COMMENT ON VIEW v_quote_conflicts IS 'Quotes that documents give to different speakers: one row per quote and speaker, with the documents that say so.';
