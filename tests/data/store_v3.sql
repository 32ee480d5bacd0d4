-- store_v3.sql - a store made by coauth at schema 3 (branch jats at d7a6310, whose schema is
-- main's at 9c01a77): 'coauth ingest v2_store.xml' (tests/data/v2_store.xml), then 'sqlite3
-- store.db .dump' (which leaves out user_version, set at the end). Loaded by
-- tests/test_migrate.c with sqlite3_exec; do not edit by hand.
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
INSERT INTO files VALUES(1,'v2_store.xml',3668,'crc32:e0714578-adler32:c22ba323',3,0,0,'2026-12-06T22:24:09Z',1,NULL);
CREATE TABLE affiliations(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  text TEXT NOT NULL,
  n_parts INTEGER NOT NULL);
INSERT INTO affiliations VALUES(1,-3467869578502547289,'Department of Physics, University of Barcelona, Barcelona, Spain.',1);
INSERT INTO affiliations VALUES(2,4731535471529843901,'School of Medicine, Peking University, Beijing, China.',1);
INSERT INTO affiliations VALUES(3,8447193871721358258,'Faculty of Medicine, University of Lagos, Lagos, Nigeria.',1);
INSERT INTO affiliations VALUES(4,-202380535384994706,'Department of Biology, Stanford University, Stanford, CA, USA.',1);
INSERT INTO affiliations VALUES(5,2051137307022392297,'Sorbonne University, Paris, France.',1);
CREATE TABLE affiliation_parts(
  affiliation_id INTEGER NOT NULL,
  part INTEGER NOT NULL,
  country TEXT,
  institution_id INTEGER,
  rule TEXT NOT NULL,
  PRIMARY KEY(affiliation_id, part)) WITHOUT ROWID;
INSERT INTO affiliation_parts VALUES(1,1,'ES',1,'country');
INSERT INTO affiliation_parts VALUES(2,1,'CN',2,'country');
INSERT INTO affiliation_parts VALUES(3,1,'NG',3,'country');
INSERT INTO affiliation_parts VALUES(4,1,'US',4,'country');
INSERT INTO affiliation_parts VALUES(5,1,'FR',5,'country');
CREATE TABLE institutions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
INSERT INTO institutions VALUES(1,'university of barcelona');
INSERT INTO institutions VALUES(2,'peking university');
INSERT INTO institutions VALUES(3,'university of lagos');
INSERT INTO institutions VALUES(4,'stanford university');
INSERT INTO institutions VALUES(5,'sorbonne university');
CREATE TABLE deletions(
  pmid INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL, place INTEGER NOT NULL DEFAULT 0, place_record INTEGER NOT NULL DEFAULT 0);
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT);
INSERT INTO meta VALUES('schema_version','3');
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
  journal_title TEXT, place INTEGER NOT NULL DEFAULT 0, place_record INTEGER NOT NULL DEFAULT 0);
INSERT INTO papers VALUES(3001,1,2021,2,1,1,0,'Before the revision.',NULL,NULL,NULL,'J Tests','Journal of Tests',1,1);
INSERT INTO papers VALUES(3002,1,2020,2,1,1,0,'Deleted by the update.',NULL,NULL,NULL,NULL,NULL,1,2);
INSERT INTO papers VALUES(3003,1,2019,2,1,1,0,'Untouched.',NULL,NULL,NULL,NULL,NULL,1,3);
CREATE TABLE authorships(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  affiliation_id INTEGER NOT NULL,
  PRIMARY KEY(pmid, position, seq)) WITHOUT ROWID;
INSERT INTO authorships VALUES(3001,1,1,1);
INSERT INTO authorships VALUES(3001,2,1,2);
INSERT INTO authorships VALUES(3002,1,1,3);
INSERT INTO authorships VALUES(3002,2,1,4);
INSERT INTO authorships VALUES(3003,1,1,5);
INSERT INTO authorships VALUES(3003,2,1,2);
CREATE TABLE paper_types(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  ui TEXT,
  name TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
INSERT INTO paper_types VALUES(3001,1,'D016428','Journal Article');
INSERT INTO paper_types VALUES(3002,1,'D016428','Journal Article');
INSERT INTO paper_types VALUES(3003,1,'D016454','Review');
CREATE TABLE paper_issns(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  issn TEXT,
  type TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
INSERT INTO paper_issns VALUES(3001,1,'1234-5678','Print');
CREATE TABLE paper_languages(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  language TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
INSERT INTO paper_languages VALUES(3001,1,'eng');
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
INSERT INTO authors VALUES(3001,1,'Garcia, Maria','Garcia','Maria','M',NULL,NULL);
INSERT INTO authors VALUES(3001,2,'Chen, Wei','Chen','Wei','W',NULL,NULL);
INSERT INTO authors VALUES(3002,1,'Okafor, Chinedu','Okafor','Chinedu',NULL,NULL,NULL);
INSERT INTO authors VALUES(3002,2,'Smith, Ann','Smith','Ann',NULL,NULL,NULL);
INSERT INTO authors VALUES(3003,1,'Dupont, Claire','Dupont','Claire',NULL,NULL,NULL);
INSERT INTO authors VALUES(3003,2,'Chen, Wei','Chen','Wei',NULL,NULL,NULL);
CREATE TABLE affiliation_identifiers(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  k INTEGER NOT NULL,
  source TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY(pmid, position, seq, k)) WITHOUT ROWID;
INSERT INTO affiliation_identifiers VALUES(3001,1,1,1,'ROR','https://ror.org/021018s57');
CREATE INDEX files_identity ON files(name, size, checksum);
CREATE INDEX affiliations_hash ON affiliations(hash);
CREATE VIEW paper_countries(pmid, year, research, country) AS
  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), ap.country
  FROM papers p JOIN authorships a ON a.pmid = p.pmid
  JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id
  WHERE ap.country IS NOT NULL;
CREATE VIEW paper_first_author_countries(pmid, year, research, country) AS
  SELECT DISTINCT p.pmid, p.year, coalesce(p.research, 1), ap.country
  FROM papers p JOIN authorships a ON a.pmid = p.pmid AND a.position = 1
  JOIN affiliation_parts ap ON ap.affiliation_id = a.affiliation_id
  WHERE ap.country IS NOT NULL;
COMMIT;
PRAGMA user_version = 3;
