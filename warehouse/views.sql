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
       s.statement_id
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
