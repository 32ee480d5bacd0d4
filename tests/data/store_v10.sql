-- store_v10.sql - a store made by coauth at schema 10 (commit 8d96445): 'coauth ingest
-- pubmed26n0005.xml' (tests/data/sets_base.xml copied to that NLM name), then
-- 'sqlite3 store.db .dump' (which leaves out user_version, set at the end). Loaded by
-- tests/test_hashes.c with sqlite3_exec; do not edit by hand.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE files(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  size INTEGER NOT NULL,
  checksum TEXT NOT NULL,
  records INTEGER NOT NULL,
  deletions INTEGER NOT NULL,
  skipped INTEGER NOT NULL,
  applied_at TEXT NOT NULL, place INTEGER NOT NULL DEFAULT 0, md5 TEXT);
INSERT INTO files VALUES(1,'pubmed26n0005.xml',4798,'crc32:44fbe3b2-adler32:41b505ec',5,0,0,'2026-12-07T12:27:11Z',1116712971796480,NULL);
CREATE TABLE affiliations(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  text TEXT NOT NULL,
  n_parts INTEGER NOT NULL, country TEXT);
INSERT INTO affiliations VALUES(1,1384127554,'Department of Physics, Harvard University, Cambridge, MA, USA; Peking University, Beijing, China.',2,NULL);
INSERT INTO affiliations VALUES(2,1130704510,'Department of Surgery, University of Hong Kong, Hong Kong.',1,NULL);
INSERT INTO affiliations VALUES(3,1335794420,'Unknown laboratory of things.',1,NULL);
INSERT INTO affiliations VALUES(4,1828976465,'Institut Pasteur, Paris, France.',1,NULL);
INSERT INTO affiliations VALUES(5,515201258,'University of Tokyo, Tokyo, Japan.',1,NULL);
INSERT INTO affiliations VALUES(6,-1821384319,'Macau University of Science and Technology, Macau.',1,NULL);
CREATE TABLE affiliation_parts(
  affiliation_id INTEGER NOT NULL,
  part INTEGER NOT NULL,
  country TEXT,
  institution_id INTEGER,
  rule TEXT NOT NULL, ror TEXT,
  PRIMARY KEY(affiliation_id, part)) WITHOUT ROWID;
INSERT INTO affiliation_parts VALUES(1,1,'US',1,'country',NULL);
INSERT INTO affiliation_parts VALUES(1,2,'CN',2,'country',NULL);
INSERT INTO affiliation_parts VALUES(2,1,'HK',3,'country',NULL);
INSERT INTO affiliation_parts VALUES(3,1,NULL,NULL,'none',NULL);
INSERT INTO affiliation_parts VALUES(4,1,'FR',4,'country',NULL);
INSERT INTO affiliation_parts VALUES(5,1,'JP',5,'country',NULL);
INSERT INTO affiliation_parts VALUES(6,1,'MO',6,'country',NULL);
CREATE TABLE institutions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
INSERT INTO institutions VALUES(1,'harvard university');
INSERT INTO institutions VALUES(2,'peking university');
INSERT INTO institutions VALUES(3,'university of hong kong');
INSERT INTO institutions VALUES(4,'institut pasteur');
INSERT INTO institutions VALUES(5,'university of tokyo');
INSERT INTO institutions VALUES(6,'macau university of science and technology');
CREATE TABLE deletions(
  pmid INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL, place INTEGER NOT NULL DEFAULT 0, place_record INTEGER NOT NULL DEFAULT 0);
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT);
INSERT INTO meta VALUES('schema_version','10');
INSERT INTO meta VALUES('coauth_version','0.1.0');
INSERT INTO meta VALUES('resolver_version','1');
INSERT INTO meta VALUES('thesaurus_checksum','none');
CREATE TABLE papers(
  pmid INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  year INTEGER,
  n_authors INTEGER NOT NULL,
  file_id INTEGER NOT NULL,
  research INTEGER,
  aff_layout INTEGER NOT NULL DEFAULT 0,
  title TEXT,
  doi TEXT,
  pmc TEXT,
  place INTEGER NOT NULL DEFAULT 0, place_record INTEGER NOT NULL DEFAULT 0, source INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0, authorships_from INTEGER NOT NULL DEFAULT 0);
INSERT INTO papers VALUES(2001,1,2020,3,1,1,0,'Paper 2001, version 1.',NULL,NULL,1116712971796480,1,0,0,0);
INSERT INTO papers VALUES(2002,1,2021,1,1,1,0,'Paper 2002, version 1.',NULL,NULL,1116712971796480,2,0,0,0);
INSERT INTO papers VALUES(2003,1,2019,3,1,1,0,'Paper 2003, version 1.',NULL,NULL,1116712971796480,3,0,0,0);
INSERT INTO papers VALUES(2004,1,NULL,1,1,0,0,'Paper 2004, version 1.',NULL,NULL,1116712971796480,4,0,0,0);
INSERT INTO papers VALUES(2005,1,2022,1,1,1,0,'Paper 2005, version 1.',NULL,NULL,1116712971796480,5,0,0,0);
CREATE TABLE authorships(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  affiliation_id INTEGER NOT NULL,
  PRIMARY KEY(pmid, position, seq)) WITHOUT ROWID;
INSERT INTO authorships VALUES(2001,1,1,1);
INSERT INTO authorships VALUES(2001,3,1,2);
INSERT INTO authorships VALUES(2002,1,1,3);
INSERT INTO authorships VALUES(2003,1,1,4);
INSERT INTO authorships VALUES(2003,2,1,4);
INSERT INTO authorships VALUES(2003,3,1,5);
INSERT INTO authorships VALUES(2003,3,2,4);
INSERT INTO authorships VALUES(2004,1,1,6);
INSERT INTO authorships VALUES(2005,1,1,4);
INSERT INTO authorships VALUES(2005,1,2,4);
CREATE TABLE affiliation_identifiers(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  k INTEGER NOT NULL,
  source TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY(pmid, position, seq, k)) WITHOUT ROWID;
CREATE TABLE ror_orgs(
  org INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  country TEXT,
  city TEXT,
  status TEXT NOT NULL,
  parent_id TEXT,
  root INTEGER);
CREATE TABLE ror_names(
  org INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY(org, seq)) WITHOUT ROWID;
CREATE TABLE ror_external_ids(
  org INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY(org, seq)) WITHOUT ROWID;
CREATE TABLE ror_identifiers(
  source TEXT NOT NULL,
  value TEXT NOT NULL,
  ror TEXT NOT NULL,
  PRIMARY KEY(source, value)) WITHOUT ROWID;
CREATE TABLE paper_country_sets(
  pmid INTEGER PRIMARY KEY,
  year INTEGER,
  research INTEGER,
  n_authors INTEGER NOT NULL,
  parts BLOB NOT NULL);
INSERT INTO paper_country_sets VALUES(2001,2020,1,3,X'091a02410006c000');
INSERT INTO paper_country_sets VALUES(2003,2019,1,3,X'0593000493000af9009300');
INSERT INTO paper_country_sets VALUES(2004,NULL,0,1,X'074601');
INSERT INTO paper_country_sets VALUES(2005,2022,1,1,X'0b93009300');
CREATE TABLE publication_types(
  id INTEGER PRIMARY KEY,
  ui TEXT,
  name TEXT);
INSERT INTO publication_types VALUES(1,'D016428','Journal Article');
INSERT INTO publication_types VALUES(2,'D016422','Letter');
CREATE TABLE issns(
  id INTEGER PRIMARY KEY,
  issn TEXT,
  type TEXT);
CREATE TABLE languages(
  id INTEGER PRIMARY KEY,
  language TEXT);
CREATE TABLE mesh_descriptors(
  id INTEGER PRIMARY KEY,
  ui TEXT,
  name TEXT);
CREATE TABLE grant_funders(
  id INTEGER PRIMARY KEY,
  agency TEXT,
  country TEXT);
CREATE TABLE paper_meta(
  pmid INTEGER PRIMARY KEY,
  types TEXT,
  issns TEXT,
  languages TEXT,
  mesh TEXT,
  grants TEXT,
  grant_ids TEXT,
  journal INTEGER);
INSERT INTO paper_meta VALUES(2001,'[1]',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(2002,'[1]',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(2003,'[1]',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(2004,'[2]',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(2005,'[1]',NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE paper_country_chunks(
  chunk INTEGER PRIMARY KEY,
  papers BLOB NOT NULL);
INSERT INTO paper_country_chunks VALUES(31,X'51c81f0608091a02410006c00053c61f060b0593000493000af900930094020307460155cc1f02050b93009300');
CREATE TABLE paper_country_dirty(
  chunk INTEGER PRIMARY KEY);
CREATE TABLE paper_authors(
  pmid INTEGER PRIMARY KEY,
  authors TEXT NOT NULL);
INSERT INTO paper_authors VALUES(2001,'[["Ames","A"],["Bell","A"],["Chen","A"]]');
INSERT INTO paper_authors VALUES(2002,'[["Diaz","A"]]');
INSERT INTO paper_authors VALUES(2003,'[["Eto","A"],["Fox","A"],["Gray","A"]]');
INSERT INTO paper_authors VALUES(2004,'[["Ho","A"]]');
INSERT INTO paper_authors VALUES(2005,'[["Ito","A"]]');
CREATE TABLE journals(
  id INTEGER PRIMARY KEY,
  nlm_id TEXT,
  iso_abbreviation TEXT,
  title TEXT);
CREATE INDEX files_identity ON files(name, size, checksum);
CREATE INDEX affiliations_hash ON affiliations(hash);
CREATE VIEW paper_countries(pmid, year, research, country) AS
  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), ap.country
  FROM papers p JOIN authorships a ON a.pmid = p.pmid
  JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id
  WHERE ap.country IS NOT NULL AND p.hidden = 0;
CREATE VIEW paper_first_author_countries(pmid, year, research, country) AS
  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), ap.country
  FROM papers p JOIN authorships a ON a.pmid = p.pmid AND a.position = 1
  JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id
  WHERE ap.country IS NOT NULL AND p.hidden = 0;
CREATE VIEW authorship_ror(pmid, position, seq, ror, source) AS
  SELECT pmid, position, seq, ror, source FROM (
    SELECT ai.pmid, ai.position, ai.seq, m.ror, m.source,
      min(CASE m.source WHEN 'ROR' THEN 1 WHEN 'GRID' THEN 2 ELSE 3 END) AS rank
    FROM affiliation_identifiers ai JOIN ror_identifiers m
      ON m.source = upper(trim(ai.source)) AND m.value = CASE upper(trim(ai.source))
        WHEN 'ROR' THEN lower(replace(replace(replace(trim(ai.value), 'https://ror.org/', ''),
          'http://ror.org/', ''), 'ror.org/', ''))
        WHEN 'GRID' THEN lower(trim(ai.value))
        ELSE upper(replace(replace(replace(ai.value, ' ', ''), '-', ''), char(9), '')) END
    GROUP BY ai.pmid, ai.position, ai.seq);
CREATE UNIQUE INDEX publication_types_key ON publication_types(ui, name);
CREATE UNIQUE INDEX issns_key ON issns(issn, type);
CREATE UNIQUE INDEX languages_key ON languages(language);
CREATE UNIQUE INDEX mesh_descriptors_key ON mesh_descriptors(ui, name);
CREATE UNIQUE INDEX grant_funders_key ON grant_funders(agency, country);
CREATE VIEW paper_types(pmid, seq, ui, name) AS
  SELECT m.pmid, j.key + 1, t.ui, t.name FROM paper_meta m, json_each(m.types) j
  JOIN publication_types t ON t.id = j.value;
CREATE VIEW paper_issns(pmid, seq, issn, type) AS
  SELECT m.pmid, j.key + 1, t.issn, t.type FROM paper_meta m, json_each(m.issns) j
  JOIN issns t ON t.id = j.value;
CREATE VIEW paper_languages(pmid, seq, language) AS
  SELECT m.pmid, j.key + 1, t.language FROM paper_meta m, json_each(m.languages) j
  JOIN languages t ON t.id = j.value;
CREATE VIEW paper_mesh(pmid, seq, ui, name, major) AS
  SELECT m.pmid, j.key + 1, t.ui, t.name, j.value < 0 FROM paper_meta m,
  json_each(m.mesh) j JOIN mesh_descriptors t ON t.id = abs(j.value);
CREATE VIEW paper_grants(pmid, seq, agency, country, grant_id) AS
  SELECT m.pmid, j.key + 1, t.agency, t.country, m.grant_ids ->> j.key FROM paper_meta m,
  json_each(m.grants) j JOIN grant_funders t ON t.id = j.value;
CREATE TRIGGER paper_country_sets_ins AFTER INSERT ON paper_country_sets BEGIN
  INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (NEW.pmid >> 6);
END;
CREATE TRIGGER paper_country_sets_del AFTER DELETE ON paper_country_sets BEGIN
  INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (OLD.pmid >> 6);
END;
CREATE TRIGGER paper_country_sets_upd AFTER UPDATE ON paper_country_sets BEGIN
  INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (OLD.pmid >> 6);
  INSERT OR IGNORE INTO paper_country_dirty(chunk) VALUES (NEW.pmid >> 6);
END;
CREATE VIEW author_names(pmid, position, last_name, fore_name, initials, collective_name,
  orcid, name) AS
  SELECT a.pmid, j.key + 1, j.value ->> 0, j.value ->> 1, j.value ->> 2, j.value ->> 3,
  j.value ->> 4, j.value ->> 5 FROM paper_authors a, json_each(a.authors) j
  WHERE j.type = 'array';
CREATE VIEW authors(pmid, position, name, last_name, fore_name, initials, collective_name,
  orcid) AS
  SELECT pmid, position, coalesce(name, CASE
    WHEN collective_name IS NOT NULL THEN collective_name
    WHEN last_name IS NOT NULL AND fore_name IS NOT NULL AND fore_name <> ''
      THEN last_name || ', ' || fore_name
    WHEN last_name IS NOT NULL THEN last_name
    WHEN fore_name IS NOT NULL THEN fore_name
    ELSE '' END), last_name, fore_name, initials, collective_name, orcid
  FROM author_names;
CREATE UNIQUE INDEX journals_key ON journals(nlm_id, iso_abbreviation, title);
CREATE VIEW paper_journals(pmid, nlm_id, journal_iso, journal_title) AS
  SELECT m.pmid, j.nlm_id, j.iso_abbreviation, j.title FROM paper_meta m
  JOIN journals j ON j.id = m.journal;
COMMIT;
PRAGMA user_version = 10;
