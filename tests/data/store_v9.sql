-- store_v9.sql - a store made by coauth at schema 9 (commit 640b399): 'coauth ingest
-- pubmed26n0091.xml' (tests/data/v9_journals.xml copied to that NLM name), then
-- 'sqlite3 store.db .dump' (which leaves out user_version, set at the end). Loaded by
-- tests/test_migrate9.c with sqlite3_exec; do not edit by hand.
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
INSERT INTO files VALUES(1,'pubmed26n0091.xml',7481,'crc32:5f89af3f-adler32:d74e6f46',6,0,0,'2026-12-07T05:54:11Z',1117082338983936,NULL);
CREATE TABLE affiliations(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  text TEXT NOT NULL,
  n_parts INTEGER NOT NULL, country TEXT);
INSERT INTO affiliations VALUES(1,-3100422798950141237,'Department of Physics, Lund University, Lund, Sweden.',1,NULL);
INSERT INTO affiliations VALUES(2,7933070640081849035,'Department of Physics, University of Bologna, Bologna, Italy.',1,NULL);
INSERT INTO affiliations VALUES(3,6304383973472739730,'Faculty of Science, Kyoto University, Kyoto, Japan.',1,NULL);
INSERT INTO affiliations VALUES(4,4260498229767083708,'Department of Chemistry, University of Toronto, Toronto, ON, Canada.',1,NULL);
INSERT INTO affiliations VALUES(5,6165446460519630019,'Department of Biology, Uppsala University, Uppsala, Sweden.',1,NULL);
INSERT INTO affiliations VALUES(6,-2867435433312913583,'Institut Pasteur, Paris, France.',1,NULL);
INSERT INTO affiliations VALUES(7,-2829511597445314449,'Faculty of Medicine, University of Lisbon, Lisbon, Portugal.',1,NULL);
INSERT INTO affiliations VALUES(8,4485768837692087189,'Niels Bohr Institute, University of Copenhagen, Copenhagen, Denmark.',1,NULL);
INSERT INTO affiliations VALUES(9,7388416605241407775,'Department of Physics, ETH Zurich, Zurich, Switzerland.',1,NULL);
INSERT INTO affiliations VALUES(10,-7590284412665314926,'Department of Physics, University of Oxford, Oxford, UK.',1,NULL);
CREATE TABLE affiliation_parts(
  affiliation_id INTEGER NOT NULL,
  part INTEGER NOT NULL,
  country TEXT,
  institution_id INTEGER,
  rule TEXT NOT NULL, ror TEXT,
  PRIMARY KEY(affiliation_id, part)) WITHOUT ROWID;
INSERT INTO affiliation_parts VALUES(1,1,'SE',1,'country',NULL);
INSERT INTO affiliation_parts VALUES(2,1,'IT',2,'country',NULL);
INSERT INTO affiliation_parts VALUES(3,1,'JP',3,'country',NULL);
INSERT INTO affiliation_parts VALUES(4,1,'CA',4,'country',NULL);
INSERT INTO affiliation_parts VALUES(5,1,'SE',5,'country',NULL);
INSERT INTO affiliation_parts VALUES(6,1,'FR',6,'country',NULL);
INSERT INTO affiliation_parts VALUES(7,1,'PT',7,'country',NULL);
INSERT INTO affiliation_parts VALUES(8,1,'DK',8,'country',NULL);
INSERT INTO affiliation_parts VALUES(9,1,'CH',NULL,'country',NULL);
INSERT INTO affiliation_parts VALUES(10,1,'GB',9,'country',NULL);
CREATE TABLE institutions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
INSERT INTO institutions VALUES(1,'lund university');
INSERT INTO institutions VALUES(2,'university of bologna');
INSERT INTO institutions VALUES(3,'kyoto university');
INSERT INTO institutions VALUES(4,'university of toronto');
INSERT INTO institutions VALUES(5,'uppsala university');
INSERT INTO institutions VALUES(6,'institut pasteur');
INSERT INTO institutions VALUES(7,'university of lisbon');
INSERT INTO institutions VALUES(8,'university of copenhagen');
INSERT INTO institutions VALUES(9,'university of oxford');
CREATE TABLE deletions(
  pmid INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL, place INTEGER NOT NULL DEFAULT 0, place_record INTEGER NOT NULL DEFAULT 0);
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT);
INSERT INTO meta VALUES('schema_version','9');
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
  nlm_id TEXT,
  journal_iso TEXT,
  journal_title TEXT, place INTEGER NOT NULL DEFAULT 0, place_record INTEGER NOT NULL DEFAULT 0, source INTEGER NOT NULL DEFAULT 0, hidden INTEGER NOT NULL DEFAULT 0, authorships_from INTEGER NOT NULL DEFAULT 0);
INSERT INTO papers VALUES(9101,1,2020,2,1,1,0,'First paper of the shared journal.',NULL,NULL,'9999091','J Small Dict','Journal of Small Dictionaries',1117082338983936,1,0,0,0);
INSERT INTO papers VALUES(9102,1,2021,2,1,1,0,'Second paper of the shared journal.',NULL,NULL,'9999091','J Small Dict','Journal of Small Dictionaries',1117082338983936,2,0,0,0);
INSERT INTO papers VALUES(9103,1,2021,2,1,1,0,'The same NLM id, another abbreviation.',NULL,NULL,'9999091','J Sm Dict','Journal of Small Dictionaries',1117082338983936,3,0,0,0);
INSERT INTO papers VALUES(9104,1,2022,2,1,1,0,'A journal with a title and nothing else.',NULL,NULL,NULL,NULL,'Annals of Titles Only',1117082338983936,4,0,0,0);
INSERT INTO papers VALUES(9105,1,2022,1,1,1,0,'No journal and no other metadata.',NULL,NULL,NULL,NULL,NULL,1117082338983936,5,0,0,0);
INSERT INTO papers VALUES(9106,1,2023,2,1,1,0,'A journal and nothing else.',NULL,NULL,'9999091','J Small Dict','Journal of Small Dictionaries',1117082338983936,6,0,0,0);
CREATE TABLE authorships(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  affiliation_id INTEGER NOT NULL,
  PRIMARY KEY(pmid, position, seq)) WITHOUT ROWID;
INSERT INTO authorships VALUES(9101,1,1,1);
INSERT INTO authorships VALUES(9101,2,1,2);
INSERT INTO authorships VALUES(9102,1,1,3);
INSERT INTO authorships VALUES(9102,2,1,4);
INSERT INTO authorships VALUES(9103,1,1,5);
INSERT INTO authorships VALUES(9103,2,1,6);
INSERT INTO authorships VALUES(9104,1,1,1);
INSERT INTO authorships VALUES(9104,2,1,7);
INSERT INTO authorships VALUES(9105,1,1,8);
INSERT INTO authorships VALUES(9106,1,1,9);
INSERT INTO authorships VALUES(9106,2,1,10);
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
INSERT INTO paper_country_sets VALUES(9101,2020,1,2,X'05d80106e300');
INSERT INTO paper_country_sets VALUES(9102,2021,1,2,X'05f900063400');
INSERT INTO paper_country_sets VALUES(9103,2021,1,2,X'05d801069300');
INSERT INTO paper_country_sets VALUES(9104,2022,1,2,X'05d801069901');
INSERT INTO paper_country_sets VALUES(9105,2022,1,1,X'075800');
INSERT INTO paper_country_sets VALUES(9106,2023,1,2,X'053b00069d00');
CREATE TABLE publication_types(
  id INTEGER PRIMARY KEY,
  ui TEXT,
  name TEXT);
INSERT INTO publication_types VALUES(1,'D016428','Journal Article');
CREATE TABLE issns(
  id INTEGER PRIMARY KEY,
  issn TEXT,
  type TEXT);
INSERT INTO issns VALUES(1,'0000-0911','Print');
CREATE TABLE languages(
  id INTEGER PRIMARY KEY,
  language TEXT);
INSERT INTO languages VALUES(1,'eng');
INSERT INTO languages VALUES(2,'fre');
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
  grant_ids TEXT);
INSERT INTO paper_meta VALUES(9101,'[1]','[1]','[1]',NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(9102,'[1]',NULL,'[1]',NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(9103,'[1]',NULL,'[2]',NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(9104,'[1]',NULL,'[1]',NULL,NULL,NULL);
CREATE TABLE paper_country_chunks(
  chunk INTEGER PRIMARY KEY,
  papers BLOB NOT NULL);
INSERT INTO paper_country_chunks VALUES(142,X'4dc81f040605d80106e3004eca1f040605f9000634004fca1f040605d80106930050cc1f040605d80106990151cc1f020307580052ce1f0406053b00069d00');
CREATE TABLE paper_country_dirty(
  chunk INTEGER PRIMARY KEY);
CREATE TABLE paper_authors(
  pmid INTEGER PRIMARY KEY,
  authors TEXT NOT NULL);
INSERT INTO paper_authors VALUES(9101,'[["Berg","Anna","A"],["Rossi","Marco","M"]]');
INSERT INTO paper_authors VALUES(9102,'[["Kato","Yui","Y"],["Smith","John","J"]]');
INSERT INTO paper_authors VALUES(9103,'[["Lindqvist","Erik","E"],["Moreau","Claire","C"]]');
INSERT INTO paper_authors VALUES(9104,'[["Nowak","Piotr","P"],["Silva","Ana","A"]]');
INSERT INTO paper_authors VALUES(9105,'[["Jensen","Lars","L"]]');
INSERT INTO paper_authors VALUES(9106,'[["Weber","Hans","H"],["Brown","Emily","E"]]');
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
COMMIT;
PRAGMA user_version = 9;
