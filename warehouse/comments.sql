-- Column documentation for tables and views: what an analyst (or a BI tool's
-- column browser) sees. Applied after schema.sql and views.sql on every run.
-- tests/test_bi.py checks that every column of every table and view has one.

COMMENT ON TABLE etl_runs IS 'One row per pipeline run: what it found, loaded and rejected, and how long each stage took.';
COMMENT ON COLUMN etl_runs.run_id IS 'Run id: start time (UTC) plus a random suffix.';
COMMENT ON COLUMN etl_runs.started_at IS 'When the run started (UTC).';
COMMENT ON COLUMN etl_runs.finished_at IS 'When the run finished its checks (UTC), just before publishing.';
COMMENT ON COLUMN etl_runs.input_dir IS 'Folder the run read articles from.';
COMMENT ON COLUMN etl_runs.source IS 'Source the run loaded: its --source, else the input folder''s name. Files are matched by path within their source only.';
COMMENT ON COLUMN etl_runs.files_replaced IS 'Files of this source whose content changed: their new document replaced the old one for that path.';
COMMENT ON COLUMN etl_runs.status IS 'published | nothing_to_do | failed_validation.';
COMMENT ON COLUMN etl_runs.files_seen IS 'Files found under the input folder.';
COMMENT ON COLUMN etl_runs.files_loaded IS 'Files read, extracted and loaded by this run.';
COMMENT ON COLUMN etl_runs.files_unchanged IS 'Files skipped because their content (sha256) was already loaded from the same path.';
COMMENT ON COLUMN etl_runs.files_duplicate IS 'Files whose content was already loaded under another name.';
COMMENT ON COLUMN etl_runs.files_rejected IS 'Files that could not be loaded; reasons in etl_files.';
COMMENT ON COLUMN etl_runs.validation_success IS 'Whether the Great Expectations suites passed.';
COMMENT ON COLUMN etl_runs.model IS 'spaCy pipeline package used for extraction.';
COMMENT ON COLUMN etl_runs.code_version IS 'newsfacts version plus a hash of the extraction code.';
COMMENT ON COLUMN etl_runs.elapsed_seconds IS 'Run time inside the flow, in seconds.';
COMMENT ON COLUMN etl_runs.stage_seconds IS 'Seconds the flow spent per stage (discover, read, extract, transform, load, validate) as JSON; extract is the wait for extraction results, which reading the next batch overlaps.';

COMMENT ON TABLE etl_files IS 'One row per file per run: loaded, unchanged, duplicate or rejected, with the reason.';
COMMENT ON COLUMN etl_files.run_id IS 'Run that saw the file (-> etl_runs).';
COMMENT ON COLUMN etl_files.source IS 'Source the file belongs to (-> etl_runs.source).';
COMMENT ON COLUMN etl_files.source_path IS 'Path relative to the source''s folder; bytes that are not UTF-8 are written as \xNN.';
COMMENT ON COLUMN etl_files.size_bytes IS 'File size in bytes.';
COMMENT ON COLUMN etl_files.sha256 IS 'SHA-256 of the file bytes (NULL when it could not be read).';
COMMENT ON COLUMN etl_files.status IS 'loaded | unchanged | duplicate | rejected.';
COMMENT ON COLUMN etl_files.reason IS 'Why the file was rejected, or which document it duplicates.';
COMMENT ON COLUMN etl_files.document_id IS 'Document the file is (-> dim_documents), NULL when rejected.';

COMMENT ON TABLE etl_lineage IS 'Which file(s) each document came from, and which run, model and code loaded it.';
COMMENT ON COLUMN etl_lineage.document_id IS 'Document (-> dim_documents).';
COMMENT ON COLUMN etl_lineage.source IS 'Source the path belongs to.';
COMMENT ON COLUMN etl_lineage.source_path IS 'A path the content was found under (relative to its source''s folder).';
COMMENT ON COLUMN etl_lineage.sha256 IS 'SHA-256 of the file bytes.';
COMMENT ON COLUMN etl_lineage.run_id IS 'Run that loaded it (-> etl_runs).';
COMMENT ON COLUMN etl_lineage.model IS 'spaCy pipeline package used.';
COMMENT ON COLUMN etl_lineage.code_version IS 'newsfacts version plus a hash of the extraction code.';

COMMENT ON TABLE dim_documents IS 'One row per article (distinct content): metadata, body without boilerplate, and the boilerplate kept.';
COMMENT ON COLUMN dim_documents.document_id IS 'Document key: a hash of the file content.';
COMMENT ON COLUMN dim_documents.source IS 'Source the content was first found in (--source, else the input folder''s name).';
COMMENT ON COLUMN dim_documents.source_path IS 'First path the content was found under, relative to its source''s folder.';
COMMENT ON COLUMN dim_documents.sha256 IS 'SHA-256 of the file bytes.';
COMMENT ON COLUMN dim_documents.title IS 'Headline.';
COMMENT ON COLUMN dim_documents.byline IS 'Author name(s) from the byline, without "By".';
COMMENT ON COLUMN dim_documents.dateline IS 'Place the story was filed from (the dateline), e.g. Mexico City.';
COMMENT ON COLUMN dim_documents.outlet IS 'News agency or outlet named in the text (agency code or credit line), else NULL.';
COMMENT ON COLUMN dim_documents.language IS 'ISO 639-1 language of the body.';
COMMENT ON COLUMN dim_documents.encoding IS 'Encoding the file was decoded from.';
COMMENT ON COLUMN dim_documents.word_count IS 'Words in the body.';
COMMENT ON COLUMN dim_documents.body IS 'Article text without site boilerplate; offsets in the fact tables point into it.';
COMMENT ON COLUMN dim_documents.boilerplate IS 'Site furniture stripped from the body, one line each.';
COMMENT ON COLUMN dim_documents.run_id IS 'Run that loaded the document (-> etl_runs).';
COMMENT ON COLUMN dim_documents.loaded_at IS 'When that run started (UTC).';

COMMENT ON TABLE dim_actors IS 'One row per real-world actor across all documents.';
COMMENT ON COLUMN dim_actors.actor_id IS 'Actor key: a hash of type and canonical name, stable across runs.';
COMMENT ON COLUMN dim_actors.canonical_name IS 'Fullest name of the actor (countries by their ISO 3166 name).';
COMMENT ON COLUMN dim_actors.actor_type IS 'person | organization | location | group.';

COMMENT ON TABLE dim_actor_aliases IS 'Names an actor is called by in the documents.';
COMMENT ON COLUMN dim_actor_aliases.actor_id IS 'Actor (-> dim_actors).';
COMMENT ON COLUMN dim_actor_aliases.alias IS 'A name used for the actor, e.g. a surname or an acronym.';

COMMENT ON TABLE fact_actors IS 'Which actors each document mentions.';
COMMENT ON COLUMN fact_actors.document_id IS 'Document (-> dim_documents).';
COMMENT ON COLUMN fact_actors.actor_id IS 'Actor (-> dim_actors).';
COMMENT ON COLUMN fact_actors.mention_count IS 'Mentions of the actor in the document.';
COMMENT ON COLUMN fact_actors.role IS 'Title or role the document gives the actor, e.g. Attorney General.';
COMMENT ON COLUMN fact_actors.aliases IS 'Names used for the actor in this document, separated by "; ".';

COMMENT ON TABLE fact_statements IS 'Direct quotes and reported speech, each attributed to its speaker where the text says who.';
COMMENT ON COLUMN fact_statements.statement_id IS 'Statement key: a hash of document, kind and offsets.';
COMMENT ON COLUMN fact_statements.document_id IS 'Document (-> dim_documents).';
COMMENT ON COLUMN fact_statements.kind IS 'direct (quoted words) | indirect (reported speech).';
COMMENT ON COLUMN fact_statements.content IS 'What was said: the quoted words, or the reported clause.';
COMMENT ON COLUMN fact_statements.speaker_text IS 'How the text names the speaker there (a name, title or pronoun).';
COMMENT ON COLUMN fact_statements.speaker_actor_id IS 'Speaker (-> dim_actors), NULL when unattributed.';
COMMENT ON COLUMN fact_statements.verb IS 'Speech verb, e.g. said, told, warned.';
COMMENT ON COLUMN fact_statements.start_offset IS 'Start of content in dim_documents.body (characters).';
COMMENT ON COLUMN fact_statements.end_offset IS 'End of content in dim_documents.body (characters).';
COMMENT ON COLUMN fact_statements.sentence_index IS 'Sentence number in the body, from 0.';
COMMENT ON COLUMN fact_statements.paragraph_index IS 'Paragraph number in the body, from 0.';
COMMENT ON COLUMN fact_statements.confidence IS 'Confidence of the attribution, 0 to 1.';

COMMENT ON TABLE fact_figures IS 'Numbers reported in the documents: value, unit, what they measure, hedge, period and source.';
COMMENT ON COLUMN fact_figures.figure_id IS 'Figure key: a hash of document and offsets.';
COMMENT ON COLUMN fact_figures.document_id IS 'Document (-> dim_documents).';
COMMENT ON COLUMN fact_figures.value IS 'The number, scaled ("2.5bn" -> 2500000000).';
COMMENT ON COLUMN fact_figures.value_high IS 'Upper bound of a range ("18 to 45"), else NULL.';
COMMENT ON COLUMN fact_figures.unit IS 'ISO currency code, percent, a unit word, or NULL for plain counts.';
COMMENT ON COLUMN fact_figures.measure IS 'What the number measures, from the sentence (e.g. jobs, profits).';
COMMENT ON COLUMN fact_figures.qualifier IS 'exact | approximate | at_least | at_most ("nearly", "more than" ...).';
COMMENT ON COLUMN fact_figures.period IS 'Period the number refers to, when the sentence gives one (e.g. 2004, last year).';
COMMENT ON COLUMN fact_figures.source_actor_id IS 'Who gave the number (-> dim_actors), NULL when the text does not say.';
COMMENT ON COLUMN fact_figures.surface IS 'The figure as written in the text.';
COMMENT ON COLUMN fact_figures.start_offset IS 'Start of surface in dim_documents.body (characters).';
COMMENT ON COLUMN fact_figures.end_offset IS 'End of surface in dim_documents.body (characters).';
COMMENT ON COLUMN fact_figures.sentence_index IS 'Sentence number in the body, from 0.';

COMMENT ON COLUMN v_statements.document_title IS 'Headline of the article.';
COMMENT ON COLUMN v_statements.dateline IS 'Where the article was filed from.';
COMMENT ON COLUMN v_statements.outlet IS 'Agency or outlet, where the text names one.';
COMMENT ON COLUMN v_statements.source_path IS 'File the article came from.';
COMMENT ON COLUMN v_statements.speaker IS 'Canonical name of the speaker; NULL when unattributed.';
COMMENT ON COLUMN v_statements.speaker_type IS 'person | organization | location | group.';
COMMENT ON COLUMN v_statements.speaker_text IS 'How the text names the speaker there.';
COMMENT ON COLUMN v_statements.kind IS 'direct | indirect.';
COMMENT ON COLUMN v_statements.verb IS 'Speech verb.';
COMMENT ON COLUMN v_statements.content IS 'What was said.';
COMMENT ON COLUMN v_statements.paragraph_index IS 'Paragraph number in the body, from 0.';
COMMENT ON COLUMN v_statements.document_id IS 'Document (-> dim_documents).';
COMMENT ON COLUMN v_statements.statement_id IS 'Statement (-> fact_statements).';

COMMENT ON COLUMN v_figures.document_title IS 'Headline of the article.';
COMMENT ON COLUMN v_figures.source_path IS 'File the article came from.';
COMMENT ON COLUMN v_figures.measure IS 'What the number measures.';
COMMENT ON COLUMN v_figures.value IS 'The number, scaled.';
COMMENT ON COLUMN v_figures.value_high IS 'Upper bound of a range, else NULL.';
COMMENT ON COLUMN v_figures.unit IS 'ISO currency code, percent, a unit word, or NULL for counts.';
COMMENT ON COLUMN v_figures.qualifier IS 'exact | approximate | at_least | at_most.';
COMMENT ON COLUMN v_figures.period IS 'Period the number refers to, where given.';
COMMENT ON COLUMN v_figures.source_name IS 'Canonical name of who gave the number; NULL when the text does not say.';
COMMENT ON COLUMN v_figures.surface IS 'The figure as written.';
COMMENT ON COLUMN v_figures.document_id IS 'Document (-> dim_documents).';
COMMENT ON COLUMN v_figures.figure_id IS 'Figure (-> fact_figures).';

COMMENT ON COLUMN v_document_actors.document_title IS 'Headline of the article.';
COMMENT ON COLUMN v_document_actors.source_path IS 'File the article came from.';
COMMENT ON COLUMN v_document_actors.canonical_name IS 'Canonical name of the actor.';
COMMENT ON COLUMN v_document_actors.actor_type IS 'person | organization | location | group.';
COMMENT ON COLUMN v_document_actors.role IS 'Title or role in this document, where given.';
COMMENT ON COLUMN v_document_actors.mention_count IS 'Mentions in this document.';
COMMENT ON COLUMN v_document_actors.document_id IS 'Document (-> dim_documents).';
COMMENT ON COLUMN v_document_actors.actor_id IS 'Actor (-> dim_actors).';

COMMENT ON COLUMN v_actor_cooccurrence.actor_a IS 'One actor of the pair (canonical name).';
COMMENT ON COLUMN v_actor_cooccurrence.actor_b IS 'The other actor of the pair.';
COMMENT ON COLUMN v_actor_cooccurrence.documents IS 'Documents that mention both.';

COMMENT ON COLUMN v_actor_summary.actor_id IS 'Actor (-> dim_actors).';
COMMENT ON COLUMN v_actor_summary.canonical_name IS 'Canonical name.';
COMMENT ON COLUMN v_actor_summary.actor_type IS 'person | organization | location | group.';
COMMENT ON COLUMN v_actor_summary.documents IS 'Documents that mention the actor.';
COMMENT ON COLUMN v_actor_summary.mentions IS 'Mentions across all documents.';
COMMENT ON COLUMN v_actor_summary.statements IS 'Statements attributed to the actor.';
COMMENT ON COLUMN v_actor_summary.figures_given IS 'Figures the actor gave.';

COMMENT ON COLUMN v_speaker_timeline.speaker IS 'Canonical name of the speaker.';
COMMENT ON COLUMN v_speaker_timeline.loaded_day IS 'Day the articles were loaded (they carry no publication date).';
COMMENT ON COLUMN v_speaker_timeline.statements IS 'Statements by the speaker in articles loaded that day.';
COMMENT ON COLUMN v_speaker_timeline.direct_quotes IS 'Of those, direct quotes.';
