-- store_v6_sets.sql - a store made by coauth at schema 6 (commit 0091402): 'coauth ingest
-- pubmed26n0005.xml pubmed26n0006.xml' (tests/data/sets_base.xml and sets_update.xml copied
-- to those NLM names), then 'sqlite3 store.db .dump' (which leaves out user_version, set at
-- the end). Loaded by tests/test_migrate.c and tests/test_maintained.c with sqlite3_exec; do
-- not edit by hand.
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
INSERT INTO files VALUES(1,'pubmed26n0005.xml',4798,'crc32:44fbe3b2-adler32:41b505ec',5,0,0,'2026-12-07T00:58:04Z',1116712971796480,NULL);
INSERT INTO files VALUES(2,'pubmed26n0006.xml',2217,'crc32:a2e5ec60-adler32:c4edc889',2,1,0,'2026-12-07T00:58:04Z',1116717266763776,NULL);
CREATE TABLE affiliations(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  text TEXT NOT NULL,
  n_parts INTEGER NOT NULL, country TEXT);
INSERT INTO affiliations VALUES(1,5209325724002950210,'Department of Physics, Harvard University, Cambridge, MA, USA; Peking University, Beijing, China.',2,NULL);
INSERT INTO affiliations VALUES(2,-1904371683118731650,'Department of Surgery, University of Hong Kong, Hong Kong.',1,NULL);
INSERT INTO affiliations VALUES(3,2633829158771137268,'Unknown laboratory of things.',1,NULL);
INSERT INTO affiliations VALUES(4,-2867435433312913583,'Institut Pasteur, Paris, France.',1,NULL);
INSERT INTO affiliations VALUES(5,-7286819923077801750,'University of Tokyo, Tokyo, Japan.',1,NULL);
INSERT INTO affiliations VALUES(6,-6877021736899976831,'Macau University of Science and Technology, Macau.',1,NULL);
INSERT INTO affiliations VALUES(7,-3264570035090465579,'Kyoto University, Kyoto, Japan; University of Oslo, Oslo, Norway; Universität Heidelberg, Heidelberg, Germany.',3,NULL);
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
INSERT INTO affiliation_parts VALUES(7,1,'JP',7,'country',NULL);
INSERT INTO affiliation_parts VALUES(7,2,'NO',8,'country',NULL);
INSERT INTO affiliation_parts VALUES(7,3,'DE',9,'country',NULL);
CREATE TABLE institutions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
INSERT INTO institutions VALUES(1,'harvard university');
INSERT INTO institutions VALUES(2,'peking university');
INSERT INTO institutions VALUES(3,'university of hong kong');
INSERT INTO institutions VALUES(4,'institut pasteur');
INSERT INTO institutions VALUES(5,'university of tokyo');
INSERT INTO institutions VALUES(6,'macau university of science and technology');
INSERT INTO institutions VALUES(7,'kyoto university');
INSERT INTO institutions VALUES(8,'university of oslo');
INSERT INTO institutions VALUES(9,'universitat heidelberg');
CREATE TABLE deletions(
  pmid INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL, place INTEGER NOT NULL DEFAULT 0, place_record INTEGER NOT NULL DEFAULT 0);
INSERT INTO deletions VALUES(2003,2,1116717266763776,2);
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT);
INSERT INTO meta VALUES('schema_version','6');
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
INSERT INTO papers VALUES(2001,2,2020,2,2,1,0,'Paper 2001, version 2.',NULL,NULL,NULL,NULL,NULL,1116717266763776,1,0,0,0);
INSERT INTO papers VALUES(2002,1,2021,1,1,1,0,'Paper 2002, version 1.',NULL,NULL,NULL,NULL,NULL,1116712971796480,2,0,0,0);
INSERT INTO papers VALUES(2004,1,NULL,1,1,0,0,'Paper 2004, version 1.',NULL,NULL,NULL,NULL,NULL,1116712971796480,4,0,0,0);
INSERT INTO papers VALUES(2005,1,2022,1,1,1,0,'Paper 2005, version 1.',NULL,NULL,NULL,NULL,NULL,1116712971796480,5,0,0,0);
INSERT INTO papers VALUES(2006,1,2023,2,2,1,0,'Paper 2006, version 1.',NULL,NULL,NULL,NULL,NULL,1116717266763776,3,0,0,0);
CREATE TABLE authorships(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  affiliation_id INTEGER NOT NULL,
  PRIMARY KEY(pmid, position, seq)) WITHOUT ROWID;
INSERT INTO authorships VALUES(2001,1,1,5);
INSERT INTO authorships VALUES(2001,2,1,7);
INSERT INTO authorships VALUES(2002,1,1,3);
INSERT INTO authorships VALUES(2004,1,1,6);
INSERT INTO authorships VALUES(2005,1,1,4);
INSERT INTO authorships VALUES(2005,1,2,4);
INSERT INTO authorships VALUES(2006,1,1,2);
INSERT INTO authorships VALUES(2006,2,1,3);
CREATE TABLE paper_types(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  ui TEXT,
  name TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
INSERT INTO paper_types VALUES(2001,1,'D016428','Journal Article');
INSERT INTO paper_types VALUES(2002,1,'D016428','Journal Article');
INSERT INTO paper_types VALUES(2004,1,'D016422','Letter');
INSERT INTO paper_types VALUES(2005,1,'D016428','Journal Article');
INSERT INTO paper_types VALUES(2006,1,'D016428','Journal Article');
CREATE TABLE paper_issns(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  issn TEXT,
  type TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
CREATE TABLE paper_languages(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  language TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
CREATE TABLE paper_mesh(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  ui TEXT,
  name TEXT,
  major INTEGER NOT NULL,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
CREATE TABLE paper_grants(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  agency TEXT,
  country TEXT,
  grant_id TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
CREATE TABLE authors(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  name TEXT,
  last_name TEXT,
  fore_name TEXT,
  initials TEXT,
  collective_name TEXT,
  orcid TEXT,
  PRIMARY KEY(pmid, position)) WITHOUT ROWID;
INSERT INTO authors VALUES(2001,1,'Ames, A','Ames','A',NULL,NULL,NULL);
INSERT INTO authors VALUES(2001,2,'Bell, A','Bell','A',NULL,NULL,NULL);
INSERT INTO authors VALUES(2002,1,'Diaz, A','Diaz','A',NULL,NULL,NULL);
INSERT INTO authors VALUES(2004,1,'Ho, A','Ho','A',NULL,NULL,NULL);
INSERT INTO authors VALUES(2005,1,'Ito, A','Ito','A',NULL,NULL,NULL);
INSERT INTO authors VALUES(2006,1,'Jones, A','Jones','A',NULL,NULL,NULL);
INSERT INTO authors VALUES(2006,2,'King, A','King','A',NULL,NULL,NULL);
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
INSERT INTO paper_country_sets VALUES(2001,2020,1,2,X'05f9000ef90060015200');
INSERT INTO paper_country_sets VALUES(2004,NULL,0,1,X'074601');
INSERT INTO paper_country_sets VALUES(2005,2022,1,1,X'0b93009300');
INSERT INTO paper_country_sets VALUES(2006,2023,1,2,X'05c000');
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
COMMIT;
PRAGMA user_version = 6;
