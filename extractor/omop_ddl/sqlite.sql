-- OMOP CDM v5.4 DDL (sqlite) for PERSON, NOTE and NOTE_NLP, copied unchanged from OHDSI's
-- CommonDataModel repository (inst/ddl/5.4/sqlite/OMOPCDM_sqlite_5.4_ddl.sql, _indices.sql;
-- SQLite cannot add the primary keys of _primary_keys.sql to a table afterwards),
-- Apache License 2.0. Used by extractor.omop.create_note_tables to make a database to try
-- `ecmo-cpt omop` on (make omop-demo, the tests); a hospital's CDM has these tables already.
-- @cdmDatabaseSchema. is replaced by the schema (quoted) and a dot, or removed.
CREATE TABLE @cdmDatabaseSchema.person (
			person_id integer NOT NULL,
			gender_concept_id integer NOT NULL,
			year_of_birth integer NOT NULL,
			month_of_birth integer NULL,
			day_of_birth integer NULL,
			birth_datetime REAL NULL,
			race_concept_id integer NOT NULL,
			ethnicity_concept_id integer NOT NULL,
			location_id integer NULL,
			provider_id integer NULL,
			care_site_id integer NULL,
			person_source_value TEXT NULL,
			gender_source_value TEXT NULL,
			gender_source_concept_id integer NULL,
			race_source_value TEXT NULL,
			race_source_concept_id integer NULL,
			ethnicity_source_value TEXT NULL,
			ethnicity_source_concept_id integer NULL );
CREATE TABLE @cdmDatabaseSchema.note (
			note_id integer NOT NULL,
			person_id integer NOT NULL,
			note_date date NOT NULL,
			note_datetime REAL NULL,
			note_type_concept_id integer NOT NULL,
			note_class_concept_id integer NOT NULL,
			note_title TEXT NULL,
			note_text TEXT NOT NULL,
			encoding_concept_id integer NOT NULL,
			language_concept_id integer NOT NULL,
			provider_id integer NULL,
			visit_occurrence_id integer NULL,
			visit_detail_id integer NULL,
			note_source_value TEXT NULL,
			note_event_id integer NULL,
			note_event_field_concept_id integer NULL );
CREATE TABLE @cdmDatabaseSchema.note_nlp (
			note_nlp_id integer NOT NULL,
			note_id integer NOT NULL,
			section_concept_id integer NULL,
			snippet TEXT NULL,
			"offset" TEXT NULL,
			lexical_variant TEXT NOT NULL,
			note_nlp_concept_id integer NULL,
			note_nlp_source_concept_id integer NULL,
			nlp_system TEXT NULL,
			nlp_date date NOT NULL,
			nlp_datetime REAL NULL,
			term_exists TEXT NULL,
			term_temporal TEXT NULL,
			term_modifiers TEXT NULL );
CREATE INDEX idx_note_person_id_1   ON note   (person_id ASC);
CREATE INDEX idx_note_nlp_note_id_1   ON note_nlp   (note_id ASC);
CREATE INDEX idx_note_nlp_concept_id_1  ON note_nlp  (note_nlp_concept_id ASC);
