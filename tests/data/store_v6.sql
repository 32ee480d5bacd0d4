-- store_v6.sql - a store made by coauth at schema 6 (commit 0091402): 'coauth ingest
-- pubmed26n0061.xml v6_update.xml' (tests/data/v6_store.xml copied to that NLM name, and
-- tests/data/v6_update.xml), then 'sqlite3 store.db .dump' (which leaves out user_version, set
-- at the end). Loaded by tests/test_migrate.c with sqlite3_exec; do not edit by hand.
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
INSERT INTO files VALUES(1,'pubmed26n0061.xml',9054,'crc32:35f07b80-adler32:8256539b',5,0,0,'2026-12-07T01:02:03Z',1116953489965056,NULL);
INSERT INTO files VALUES(2,'v6_update.xml',3034,'crc32:b1469b61-adler32:9acacce4',2,1,0,'2026-12-07T01:02:03Z',1116953489965057,NULL);
CREATE TABLE affiliations(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  text TEXT NOT NULL,
  n_parts INTEGER NOT NULL, country TEXT);
INSERT INTO affiliations VALUES(1,-3467869578502547289,'Department of Physics, University of Barcelona, Barcelona, Spain.',1,NULL);
INSERT INTO affiliations VALUES(2,4731535471529843901,'School of Medicine, Peking University, Beijing, China.',1,NULL);
INSERT INTO affiliations VALUES(3,-5498147440902977486,'Charité Universitätsmedizin Berlin, Berlin, Germany.',1,NULL);
INSERT INTO affiliations VALUES(4,-202380535384994706,'Department of Biology, Stanford University, Stanford, CA, USA.',1,NULL);
INSERT INTO affiliations VALUES(5,-6592168450539379475,'Graduate School of Medicine, Kyoto University, Kyoto, Japan.',1,NULL);
INSERT INTO affiliations VALUES(6,8447193871721358258,'Faculty of Medicine, University of Lagos, Lagos, Nigeria.',1,NULL);
INSERT INTO affiliations VALUES(7,7418143181029632719,'Universidade de São Paulo, São Paulo, Brazil.',1,NULL);
INSERT INTO affiliations VALUES(8,6083514509759110978,'Faculty of Physics, University of Warsaw, Warsaw, Poland.',1,NULL);
INSERT INTO affiliations VALUES(9,2946414021284034692,'Hanoi Medical University, Hanoi, Vietnam.',1,NULL);
CREATE TABLE affiliation_parts(
  affiliation_id INTEGER NOT NULL,
  part INTEGER NOT NULL,
  country TEXT,
  institution_id INTEGER,
  rule TEXT NOT NULL, ror TEXT,
  PRIMARY KEY(affiliation_id, part)) WITHOUT ROWID;
INSERT INTO affiliation_parts VALUES(1,1,'ES',1,'country',NULL);
INSERT INTO affiliation_parts VALUES(2,1,'CN',2,'country',NULL);
INSERT INTO affiliation_parts VALUES(3,1,'DE',3,'country',NULL);
INSERT INTO affiliation_parts VALUES(4,1,'US',4,'country',NULL);
INSERT INTO affiliation_parts VALUES(5,1,'JP',5,'country',NULL);
INSERT INTO affiliation_parts VALUES(6,1,'NG',6,'country',NULL);
INSERT INTO affiliation_parts VALUES(7,1,'BR',7,'country',NULL);
INSERT INTO affiliation_parts VALUES(8,1,'PL',8,'country',NULL);
INSERT INTO affiliation_parts VALUES(9,1,'VN',9,'country',NULL);
CREATE TABLE institutions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
INSERT INTO institutions VALUES(1,'university of barcelona');
INSERT INTO institutions VALUES(2,'peking university');
INSERT INTO institutions VALUES(3,'charite universitatsmedizin berlin');
INSERT INTO institutions VALUES(4,'stanford university');
INSERT INTO institutions VALUES(5,'kyoto university');
INSERT INTO institutions VALUES(6,'university of lagos');
INSERT INTO institutions VALUES(7,'universidade de sao paulo');
INSERT INTO institutions VALUES(8,'university of warsaw');
INSERT INTO institutions VALUES(9,'hanoi medical university');
CREATE TABLE deletions(
  pmid INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL, place INTEGER NOT NULL DEFAULT 0, place_record INTEGER NOT NULL DEFAULT 0);
INSERT INTO deletions VALUES(6005,2,1116953489965057,2);
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
INSERT INTO papers VALUES(6001,2,2021,2,2,1,0,'Version two.',NULL,NULL,'9999061','J Migr','Journal of Migrations',1116953489965057,1,0,0,0);
INSERT INTO papers VALUES(6002,1,2022,5,1,1,0,'Every list, shared values and absent parts.',NULL,NULL,'9999061','J Migr','Journal of Migrations',1116953489965056,2,0,0,0);
INSERT INTO papers VALUES(6003,1,2020,2,1,1,0,'No metadata lists at all.',NULL,NULL,NULL,NULL,NULL,1116953489965056,3,0,0,0);
INSERT INTO papers VALUES(6004,1,2022,2,1,0,0,'A letter.',NULL,NULL,NULL,NULL,NULL,1116953489965056,4,0,0,0);
INSERT INTO papers VALUES(6006,1,2023,2,2,1,0,'Added by the update.',NULL,NULL,NULL,NULL,NULL,1116953489965057,3,0,0,0);
CREATE TABLE authorships(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  affiliation_id INTEGER NOT NULL,
  PRIMARY KEY(pmid, position, seq)) WITHOUT ROWID;
INSERT INTO authorships VALUES(6001,1,1,1);
INSERT INTO authorships VALUES(6001,2,1,2);
INSERT INTO authorships VALUES(6002,1,1,3);
INSERT INTO authorships VALUES(6002,2,1,4);
INSERT INTO authorships VALUES(6002,3,1,2);
INSERT INTO authorships VALUES(6002,5,1,5);
INSERT INTO authorships VALUES(6003,1,1,6);
INSERT INTO authorships VALUES(6003,2,1,4);
INSERT INTO authorships VALUES(6004,1,1,7);
INSERT INTO authorships VALUES(6004,2,1,2);
INSERT INTO authorships VALUES(6006,1,1,9);
INSERT INTO authorships VALUES(6006,2,1,4);
CREATE TABLE paper_types(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  ui TEXT,
  name TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
INSERT INTO paper_types VALUES(6001,1,'D016428','Journal Article');
INSERT INTO paper_types VALUES(6002,1,NULL,'Journal Article');
INSERT INTO paper_types VALUES(6002,2,'D016428','Journal Article');
INSERT INTO paper_types VALUES(6002,3,'D016454','Review');
INSERT INTO paper_types VALUES(6004,1,'D016422','Letter');
INSERT INTO paper_types VALUES(6006,1,'D016428','Journal Article');
CREATE TABLE paper_issns(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  issn TEXT,
  type TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
INSERT INTO paper_issns VALUES(6001,1,'0000-0620','Electronic');
INSERT INTO paper_issns VALUES(6002,1,'0000-0639',NULL);
INSERT INTO paper_issns VALUES(6002,2,'0000-0612','Linking');
CREATE TABLE paper_languages(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  language TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
INSERT INTO paper_languages VALUES(6001,1,'spa');
INSERT INTO paper_languages VALUES(6002,1,'eng');
INSERT INTO paper_languages VALUES(6002,2,'GER');
INSERT INTO paper_languages VALUES(6004,1,'por');
INSERT INTO paper_languages VALUES(6006,1,'vie');
CREATE TABLE paper_mesh(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  ui TEXT,
  name TEXT,
  major INTEGER NOT NULL,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
INSERT INTO paper_mesh VALUES(6001,1,'D013026','Space Flight',1);
INSERT INTO paper_mesh VALUES(6002,1,'D006801','Humans',0);
INSERT INTO paper_mesh VALUES(6002,2,'D009369','Neoplasms',1);
INSERT INTO paper_mesh VALUES(6002,3,'D013026','Space Flight',0);
INSERT INTO paper_mesh VALUES(6004,1,'D009369','Neoplasms',0);
INSERT INTO paper_mesh VALUES(6006,1,'D006801','Humans',0);
CREATE TABLE paper_grants(
  pmid INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  agency TEXT,
  country TEXT,
  grant_id TEXT,
  PRIMARY KEY(pmid, seq)) WITHOUT ROWID;
INSERT INTO paper_grants VALUES(6002,1,'NCI NIH HHS','United States','R01 "CA" 0006\12');
INSERT INTO paper_grants VALUES(6002,2,'Wellcome Trust','United Kingdom',NULL);
INSERT INTO paper_grants VALUES(6002,3,'Deutsche Forschungsgemeinschaft',NULL,'DFG 612/1-2');
INSERT INTO paper_grants VALUES(6002,4,NULL,'Japan','no agency');
INSERT INTO paper_grants VALUES(6004,1,'Fundação de Amparo à Pesquisa do Estado de São Paulo','Brazil','2019/0612-4');
INSERT INTO paper_grants VALUES(6006,1,'NIAID NIH HHS','United States','U54 000612');
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
INSERT INTO authors VALUES(6001,1,'Garcia, Maria','Garcia','Maria','M',NULL,NULL);
INSERT INTO authors VALUES(6001,2,'Chen, Wei','Chen','Wei','W',NULL,NULL);
INSERT INTO authors VALUES(6002,1,'Müller, Jürgen','Müller','Jürgen','J',NULL,NULL);
INSERT INTO authors VALUES(6002,2,'Smith','Smith','',NULL,NULL,NULL);
INSERT INTO authors VALUES(6002,3,'Madonna',NULL,'Madonna',NULL,NULL,NULL);
INSERT INTO authors VALUES(6002,4,'The "Migration" Consortium',NULL,NULL,NULL,'The "Migration" Consortium',NULL);
INSERT INTO authors VALUES(6002,5,'Tanaka','Tanaka',NULL,'H',NULL,NULL);
INSERT INTO authors VALUES(6003,1,'Okafor, Chinedu','Okafor','Chinedu',NULL,NULL,NULL);
INSERT INTO authors VALUES(6003,2,'Smith, Ann','Smith','Ann',NULL,NULL,NULL);
INSERT INTO authors VALUES(6004,1,'Silva, João','Silva','João',NULL,NULL,NULL);
INSERT INTO authors VALUES(6004,2,'Chen, Wei','Chen','Wei',NULL,NULL,NULL);
INSERT INTO authors VALUES(6006,1,'Nguyen, An','Nguyen','An',NULL,NULL,NULL);
INSERT INTO authors VALUES(6006,2,'Smith, Ann','Smith','Ann',NULL,NULL,NULL);
CREATE TABLE affiliation_identifiers(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  k INTEGER NOT NULL,
  source TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY(pmid, position, seq, k)) WITHOUT ROWID;
INSERT INTO affiliation_identifiers VALUES(6002,2,1,1,'GRID','grid.168010.e');
INSERT INTO affiliation_identifiers VALUES(6002,2,1,2,'','0000 0004 1936 8956');
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
INSERT INTO paper_country_sets VALUES(6001,2021,1,2,X'057a00064100');
INSERT INTO paper_country_sets VALUES(6002,2022,1,5,X'055200041a0204410006f900');
INSERT INTO paper_country_sets VALUES(6003,2020,1,2,X'055801061a02');
INSERT INTO paper_country_sets VALUES(6004,2022,0,2,X'052b00064100');
INSERT INTO paper_country_sets VALUES(6006,2023,1,2,X'052f02061a02');
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
