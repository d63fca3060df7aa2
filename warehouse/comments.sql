-- Column documentation for the views (views.sql): what an analyst (or a BI tool's column
-- browser) sees. The tables' comments come from their declaration in warehouse/catalog.py.
-- Applied after views.sql on every run; tests/test_bi.py checks every column has one.

COMMENT ON COLUMN v_statements.document_title IS 'Headline of the article.';
COMMENT ON COLUMN v_statements.dateline IS 'Where the article was filed from.';
COMMENT ON COLUMN v_statements.outlet IS 'Agency or outlet, where the text names one.';
COMMENT ON COLUMN v_statements.source_path IS 'File the article came from.';
COMMENT ON COLUMN v_statements.speaker IS 'Canonical name of the speaker; NULL when unattributed.';
COMMENT ON COLUMN v_statements.speaker_type IS 'person | organization | location | group.';
COMMENT ON COLUMN v_statements.speaker_document_scoped IS 'True when the speaker is a group named only by common nouns (''officials''): an actor of this document only.';
COMMENT ON COLUMN v_statements.speaker_text IS 'How the text names the speaker there.';
COMMENT ON COLUMN v_statements.kind IS 'direct | indirect.';
COMMENT ON COLUMN v_statements.verb IS 'Speech verb.';
COMMENT ON COLUMN v_statements.content IS 'What was said.';
COMMENT ON COLUMN v_statements.paragraph_index IS 'Paragraph number in the body, from 0.';
COMMENT ON COLUMN v_statements.document_id IS 'Document (-> dim_documents).';
COMMENT ON COLUMN v_statements.statement_id IS 'Statement (-> fact_statements).';
COMMENT ON COLUMN v_statements.quote_id IS 'Quote (-> dim_quotes): the same utterance in other documents shares it.';

COMMENT ON COLUMN v_figures.document_title IS 'Headline of the article.';
COMMENT ON COLUMN v_figures.source_path IS 'File the article came from.';
COMMENT ON COLUMN v_figures.measure IS 'What the number measures.';
COMMENT ON COLUMN v_figures.measure_key IS 'Grouping key of the measure (head noun, singular, lower-cased): GROUP BY unit, measure_key.';
COMMENT ON COLUMN v_figures.figure_kind IS 'level | change (fell 3.4% to $55.12: a change and a level).';
COMMENT ON COLUMN v_figures.value IS 'The number, scaled.';
COMMENT ON COLUMN v_figures.value_high IS 'Upper bound of a range, else NULL.';
COMMENT ON COLUMN v_figures.unit IS 'ISO currency code, percent, a unit word, or NULL for counts.';
COMMENT ON COLUMN v_figures.per_unit IS 'Denominator of a rate ($55.12 per barrel -> barrel), else NULL.';
COMMENT ON COLUMN v_figures.base_value IS 'The value in a shared unit: money in the reporting currency (default USD), physical quantities in SI units.';
COMMENT ON COLUMN v_figures.base_unit IS 'Unit of base_value: the reporting currency, or an SI unit.';
COMMENT ON COLUMN v_figures.base_rate_date IS 'Money: the day whose ECB exchange rate converted it (fact_figures.base_rate_basis says why that day).';
COMMENT ON COLUMN v_figures.qualifier IS 'exact | approximate | at_least | at_most.';
COMMENT ON COLUMN v_figures.period IS 'Period the number refers to, where given.';
COMMENT ON COLUMN v_figures.period_start IS 'First day of the period; relative periods resolved against published_at; NULL when neither tells.';
COMMENT ON COLUMN v_figures.period_end IS 'Last day of the period.';
COMMENT ON COLUMN v_figures.published_at IS 'When the article was published, from its page (local time as printed); NULL when not printed.';
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
COMMENT ON COLUMN v_actor_summary.document_scoped IS 'True for a group named only by common nouns: one actor of one document (see dim_actors).';
COMMENT ON COLUMN v_actor_summary.documents IS 'Documents that mention the actor.';
COMMENT ON COLUMN v_actor_summary.mentions IS 'Mentions across all documents.';
COMMENT ON COLUMN v_actor_summary.statements IS 'Statements attributed to the actor.';
COMMENT ON COLUMN v_actor_summary.figures_given IS 'Figures the actor gave.';

COMMENT ON COLUMN v_speaker_timeline.speaker IS 'Canonical name of the speaker.';
COMMENT ON COLUMN v_speaker_timeline.published_day IS 'Day the articles were published, from their pages'' stamps (local date as printed); NULL: the page prints no date.';
COMMENT ON COLUMN v_speaker_timeline.statements IS 'Statements by the speaker in articles published that day.';
COMMENT ON COLUMN v_speaker_timeline.direct_quotes IS 'Of those, direct quotes.';

COMMENT ON COLUMN v_quote_statements.quote_id IS 'Quote (-> dim_quotes).';
COMMENT ON COLUMN v_quote_statements.statement_id IS 'Statement (-> fact_statements).';
COMMENT ON COLUMN v_quote_statements.document_id IS 'Document (-> dim_documents).';
COMMENT ON COLUMN v_quote_statements.kind IS 'direct | indirect.';
COMMENT ON COLUMN v_quote_statements.content IS 'What this document says was said.';
COMMENT ON COLUMN v_quote_statements.speaker_actor_id IS 'Speaker actor this document gives (-> dim_actors), NULL when none was linked.';
COMMENT ON COLUMN v_quote_statements.speaker_text IS 'How this document names the speaker.';
COMMENT ON COLUMN v_quote_statements.given_speaker IS 'The speaker as compared across documents: the actor id; ''named: '' and the words naming the speaker for a group of this document only (''officials'') or where no actor was linked; NULL for none or a bare pronoun.';
COMMENT ON COLUMN v_quote_statements.speaker IS 'Canonical name of the speaker actor, else the words naming the speaker.';
COMMENT ON COLUMN v_quote_statements.document_title IS 'Headline of the article.';
COMMENT ON COLUMN v_quote_statements.source_path IS 'File the article came from.';
COMMENT ON COLUMN v_quote_statements.outlet IS 'Agency or outlet, where the page names one.';
COMMENT ON COLUMN v_quote_statements.source IS 'Source the document was loaded from.';
COMMENT ON COLUMN v_quote_statements.published_at IS 'The page''s own publication stamp; NULL when it prints none.';
COMMENT ON COLUMN v_quote_statements.loaded_at IS 'When the run that loaded the document started (UTC).';

COMMENT ON COLUMN v_quote_spread.quote_id IS 'Quote (-> dim_quotes).';
COMMENT ON COLUMN v_quote_spread.text IS 'Fullest text of the quote.';
COMMENT ON COLUMN v_quote_spread.kind IS 'direct when some document quotes the words, else indirect.';
COMMENT ON COLUMN v_quote_spread.speaker IS 'Canonical name of the speaker most documents give; NULL when none names one.';
COMMENT ON COLUMN v_quote_spread.speaker_documents IS 'Documents that give that speaker.';
COMMENT ON COLUMN v_quote_spread.speakers IS 'Different speakers the documents give (2 or more: see v_quote_conflicts).';
COMMENT ON COLUMN v_quote_spread.documents IS 'Documents that carry the quote.';
COMMENT ON COLUMN v_quote_spread.outlets IS 'Different outlets those documents name.';
COMMENT ON COLUMN v_quote_spread.sources IS 'Different sources those documents were loaded from.';
COMMENT ON COLUMN v_quote_spread.first_published_at IS 'Publication stamp of the first document to carry it (NULL when it prints none).';
COMMENT ON COLUMN v_quote_spread.first_title IS 'Headline of the first document to carry it.';
COMMENT ON COLUMN v_quote_spread.first_source_path IS 'File of the first document to carry it.';
COMMENT ON COLUMN v_quote_spread.first_outlet IS 'Outlet of the first document to carry it.';
COMMENT ON COLUMN v_quote_spread.first_source IS 'Source of the first document to carry it.';
COMMENT ON COLUMN v_quote_spread.last_published_at IS 'Publication stamp of the last document to carry it.';
COMMENT ON COLUMN v_quote_spread.last_title IS 'Headline of the last document to carry it.';
COMMENT ON COLUMN v_quote_spread.last_source_path IS 'File of the last document to carry it.';

COMMENT ON COLUMN v_quote_conflicts.quote_id IS 'Quote (-> dim_quotes).';
COMMENT ON COLUMN v_quote_conflicts.text IS 'Fullest text of the quote.';
COMMENT ON COLUMN v_quote_conflicts.speaker IS 'A speaker some documents give it: the actor''s name, else the words naming the speaker.';
COMMENT ON COLUMN v_quote_conflicts.speaker_actor_id IS 'That speaker''s actor (-> dim_actors); NULL when the documents name the speaker without one being linked.';
COMMENT ON COLUMN v_quote_conflicts.documents IS 'Documents that give this speaker.';
COMMENT ON COLUMN v_quote_conflicts.source_paths IS 'Their files, separated by ''; ''.';
COMMENT ON COLUMN v_quote_conflicts.document_titles IS 'Their headlines, separated by '' | ''.';
COMMENT ON COLUMN v_quote_conflicts.outlets IS 'Their outlets (else sources), separated by ''; ''.';
