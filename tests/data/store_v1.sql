-- store_v1.sql - a store made by coauth at schema 1 (commit 3716786): 'coauth ingest
-- tests/data/v1_store.xml', then 'sqlite3 store.db .dump' (which leaves out user_version,
-- set at the end). Loaded by tests/test_migrate.c with sqlite3_exec; do not edit by hand.
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
  applied_at TEXT NOT NULL);
INSERT INTO files VALUES(1,'v1_store.xml',4316,'crc32:54fa2e4e-adler32:9a5c6e6e',3,0,0,'2026-12-06T19:24:11Z');
CREATE TABLE papers(
  pmid INTEGER PRIMARY KEY,
  version INTEGER NOT NULL,
  year INTEGER,
  n_authors INTEGER NOT NULL,
  file_id INTEGER NOT NULL);
INSERT INTO papers VALUES(2001,1,2020,2,1);
INSERT INTO papers VALUES(2002,1,2019,3,1);
INSERT INTO papers VALUES(2003,1,2021,2,1);
CREATE TABLE authorships(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  affiliation_id INTEGER NOT NULL,
  identifier TEXT,
  PRIMARY KEY(pmid, position, seq)) WITHOUT ROWID;
INSERT INTO authorships VALUES(2001,1,1,1,'ROR:https://ror.org/021018s57 GRID:grid.5841.8');
INSERT INTO authorships VALUES(2001,2,1,2,'ISNI:0000 0001 2256 9319');
INSERT INTO authorships VALUES(2001,2,2,3,NULL);
INSERT INTO authorships VALUES(2002,1,1,4,'https://ror.org/05rk03822');
INSERT INTO authorships VALUES(2002,2,1,5,'ROR:https://ror.org/052gg0110 ISNI:0000 0004 1936 8948');
INSERT INTO authorships VALUES(2002,3,1,1,NULL);
INSERT INTO authorships VALUES(2003,1,1,2,NULL);
CREATE TABLE affiliations(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  text TEXT NOT NULL,
  n_parts INTEGER NOT NULL);
INSERT INTO affiliations VALUES(1,-3467869578502547289,'Department of Physics, University of Barcelona, Barcelona, Spain.',1);
INSERT INTO affiliations VALUES(2,4731535471529843901,'School of Medicine, Peking University, Beijing, China.',1);
INSERT INTO affiliations VALUES(3,-202380535384994706,'Department of Biology, Stanford University, Stanford, CA, USA.',1);
INSERT INTO affiliations VALUES(4,8447193871721358258,'Faculty of Medicine, University of Lagos, Lagos, Nigeria.',1);
INSERT INTO affiliations VALUES(5,600014707348371187,'Department of Chemistry, University of Oxford, Oxford, UK.',1);
CREATE TABLE affiliation_parts(
  affiliation_id INTEGER NOT NULL,
  part INTEGER NOT NULL,
  country TEXT,
  institution_id INTEGER,
  rule TEXT NOT NULL,
  PRIMARY KEY(affiliation_id, part)) WITHOUT ROWID;
INSERT INTO affiliation_parts VALUES(1,1,'ES',1,'country');
INSERT INTO affiliation_parts VALUES(2,1,'CN',2,'country');
INSERT INTO affiliation_parts VALUES(3,1,'US',3,'country');
INSERT INTO affiliation_parts VALUES(4,1,'NG',4,'country');
INSERT INTO affiliation_parts VALUES(5,1,'GB',5,'country');
CREATE TABLE institutions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
INSERT INTO institutions VALUES(1,'university of barcelona');
INSERT INTO institutions VALUES(2,'peking university');
INSERT INTO institutions VALUES(3,'stanford university');
INSERT INTO institutions VALUES(4,'university of lagos');
INSERT INTO institutions VALUES(5,'university of oxford');
CREATE TABLE deletions(
  pmid INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL);
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT);
CREATE INDEX files_identity ON files(name, size, checksum);
CREATE INDEX affiliations_hash ON affiliations(hash);
COMMIT;
PRAGMA user_version = 1;
