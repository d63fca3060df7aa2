-- newsfacts warehouse schema: the one place that defines the tables.
-- Applied with CREATE ... IF NOT EXISTS on every run, so it is safe to re-run.
-- Keys are deterministic hashes (see transforms/records.py: stable_id), so a
-- re-run of the same input yields identical rows. Foreign keys are declared in
-- comments and enforced by the Great Expectations suites in expectations/.

CREATE TABLE IF NOT EXISTS etl_runs (
    run_id              VARCHAR PRIMARY KEY,
    started_at          TIMESTAMP NOT NULL,
    finished_at         TIMESTAMP,
    input_dir           VARCHAR NOT NULL,
    source              VARCHAR,                   -- the source the run loaded (see etl_files.source)
    status              VARCHAR NOT NULL,          -- published | nothing_to_do | failed_validation
    files_seen          INTEGER NOT NULL,
    files_loaded        INTEGER NOT NULL,
    files_replaced      INTEGER,                   -- files whose new content replaced their source's old document
    files_unchanged     INTEGER NOT NULL,
    files_duplicate     INTEGER NOT NULL,
    files_rejected      INTEGER NOT NULL,
    validation_success  BOOLEAN,
    model               VARCHAR NOT NULL,
    code_version        VARCHAR NOT NULL,
    elapsed_seconds     DOUBLE,
    stage_seconds       JSON                       -- {"discover": s, "read": s, "extract": s, ...}
);
-- Warehouses made before stage timings, sources or replacement counts were recorded gain the columns here.
ALTER TABLE etl_runs ADD COLUMN IF NOT EXISTS stage_seconds JSON;
ALTER TABLE etl_runs ADD COLUMN IF NOT EXISTS source VARCHAR;
ALTER TABLE etl_runs ADD COLUMN IF NOT EXISTS files_replaced INTEGER;

CREATE TABLE IF NOT EXISTS etl_files (
    run_id       VARCHAR NOT NULL,                 -- -> etl_runs.run_id
    source       VARCHAR NOT NULL DEFAULT 'default', -- where the file came from (--source, else the input folder's name)
    source_path  VARCHAR NOT NULL,                 -- relative to the source's folder
    size_bytes   BIGINT,
    sha256       VARCHAR,
    status       VARCHAR NOT NULL,                 -- loaded | unchanged | duplicate | rejected
    reason       VARCHAR,                          -- why rejected / of which document a duplicate
    document_id  VARCHAR,                          -- -> dim_documents.document_id
    PRIMARY KEY (run_id, source_path)
);

-- Which file each document came from, and which run loaded it (lineage).
CREATE TABLE IF NOT EXISTS etl_lineage (
    document_id   VARCHAR NOT NULL,                -- -> dim_documents.document_id
    source        VARCHAR NOT NULL DEFAULT 'default',
    source_path   VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    run_id        VARCHAR NOT NULL,                -- run that (re)loaded it
    model         VARCHAR NOT NULL,
    code_version  VARCHAR NOT NULL,
    PRIMARY KEY (document_id, source, source_path)
);

CREATE TABLE IF NOT EXISTS dim_documents (
    document_id   VARCHAR PRIMARY KEY,             -- hash of the file content
    source        VARCHAR NOT NULL DEFAULT 'default', -- source the content was first seen in
    source_path   VARCHAR NOT NULL,                -- first path the content was seen under
    sha256        VARCHAR NOT NULL,
    title         VARCHAR,
    byline        VARCHAR,
    dateline      VARCHAR,
    outlet        VARCHAR,
    language      VARCHAR NOT NULL,
    encoding      VARCHAR NOT NULL,
    word_count    INTEGER NOT NULL,
    body          VARCHAR NOT NULL,                -- article text without boilerplate
    boilerplate   VARCHAR,                         -- stripped site furniture, one line each
    run_id        VARCHAR NOT NULL,
    loaded_at     TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS dim_actors (
    actor_id        VARCHAR PRIMARY KEY,           -- hash of (type, canonical name)
    canonical_name  VARCHAR NOT NULL,
    actor_type      VARCHAR NOT NULL               -- person | organization | location | group
);

CREATE TABLE IF NOT EXISTS dim_actor_aliases (
    actor_id  VARCHAR NOT NULL,                    -- -> dim_actors.actor_id
    alias     VARCHAR NOT NULL,
    PRIMARY KEY (actor_id, alias)
);

CREATE TABLE IF NOT EXISTS fact_actors (
    document_id    VARCHAR NOT NULL,               -- -> dim_documents.document_id
    actor_id       VARCHAR NOT NULL,               -- -> dim_actors.actor_id
    mention_count  INTEGER NOT NULL,
    role           VARCHAR,                        -- title in this document, e.g. 'Attorney General'
    aliases        VARCHAR,                        -- names used in this document, '; '-separated
    PRIMARY KEY (document_id, actor_id)
);

CREATE TABLE IF NOT EXISTS fact_statements (
    statement_id      VARCHAR PRIMARY KEY,         -- hash of (document, kind, offsets)
    document_id       VARCHAR NOT NULL,            -- -> dim_documents.document_id
    kind              VARCHAR NOT NULL,            -- direct | indirect
    content           VARCHAR NOT NULL,
    speaker_text      VARCHAR,
    speaker_actor_id  VARCHAR,                     -- -> dim_actors.actor_id, NULL when unattributed
    verb              VARCHAR,
    start_offset      INTEGER NOT NULL,            -- into dim_documents.body
    end_offset        INTEGER NOT NULL,
    sentence_index    INTEGER NOT NULL,
    paragraph_index   INTEGER NOT NULL,
    confidence        DOUBLE NOT NULL
);

CREATE TABLE IF NOT EXISTS fact_figures (
    figure_id        VARCHAR PRIMARY KEY,          -- hash of (document, offsets)
    document_id      VARCHAR NOT NULL,             -- -> dim_documents.document_id
    value            DOUBLE,
    value_high       DOUBLE,                       -- upper bound of a range ('18 to 45'), else NULL
    unit             VARCHAR,                      -- ISO currency, 'percent', unit word, NULL for counts
    measure          VARCHAR,
    qualifier        VARCHAR NOT NULL,             -- exact | approximate | at_least | at_most
    period           VARCHAR,
    source_actor_id  VARCHAR,                      -- -> dim_actors.actor_id
    surface          VARCHAR NOT NULL,
    start_offset     INTEGER NOT NULL,
    end_offset       INTEGER NOT NULL,
    sentence_index   INTEGER NOT NULL
);
