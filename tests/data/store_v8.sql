-- store_v8.sql - a store made by coauth at schema 8 (commit 02ebaa4): 'coauth ingest
-- pubmed26n0061.xml v6_update.xml' (tests/data/v6_store.xml copied to that NLM name, and
-- tests/data/v6_update.xml), then 'sqlite3 store.db .dump' (which leaves out user_version, set
-- at the end). Loaded by tests/test_migrate9.c with sqlite3_exec; do not edit by hand.
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
INSERT INTO files VALUES(1,'pubmed26n0061.xml',9054,'crc32:35f07b80-adler32:8256539b',5,0,0,'2026-12-07T02:14:16Z',1116953489965056,NULL);
INSERT INTO files VALUES(2,'v6_update.xml',3034,'crc32:b1469b61-adler32:9acacce4',2,1,0,'2026-12-07T02:14:16Z',1116953489965057,NULL);
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
INSERT INTO meta VALUES('schema_version','8');
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
CREATE TABLE publication_types(
  id INTEGER PRIMARY KEY,
  ui TEXT,
  name TEXT);
INSERT INTO publication_types VALUES(1,'D016428','Journal Article');
INSERT INTO publication_types VALUES(2,'D013485','Research Support, Non-U.S. Gov''t');
INSERT INTO publication_types VALUES(3,NULL,'Journal Article');
INSERT INTO publication_types VALUES(4,'D016454','Review');
INSERT INTO publication_types VALUES(5,'D016422','Letter');
INSERT INTO publication_types VALUES(6,'D000078182','Systematic Review');
CREATE TABLE issns(
  id INTEGER PRIMARY KEY,
  issn TEXT,
  type TEXT);
INSERT INTO issns VALUES(1,'0000-0612','Print');
INSERT INTO issns VALUES(2,'0000-0620','Electronic');
INSERT INTO issns VALUES(3,'0000-0612','Linking');
INSERT INTO issns VALUES(4,'0000-0639',NULL);
INSERT INTO issns VALUES(5,'0000-0647','Print');
CREATE TABLE languages(
  id INTEGER PRIMARY KEY,
  language TEXT);
INSERT INTO languages VALUES(1,'eng');
INSERT INTO languages VALUES(2,'GER');
INSERT INTO languages VALUES(3,'por');
INSERT INTO languages VALUES(4,'pol');
INSERT INTO languages VALUES(5,'spa');
INSERT INTO languages VALUES(6,'vie');
CREATE TABLE mesh_descriptors(
  id INTEGER PRIMARY KEY,
  ui TEXT,
  name TEXT);
INSERT INTO mesh_descriptors VALUES(1,'D009369','Neoplasms');
INSERT INTO mesh_descriptors VALUES(2,'D006801','Humans');
INSERT INTO mesh_descriptors VALUES(3,'D013026','Space Flight');
INSERT INTO mesh_descriptors VALUES(4,'D001769','Blood');
CREATE TABLE grant_funders(
  id INTEGER PRIMARY KEY,
  agency TEXT,
  country TEXT);
INSERT INTO grant_funders VALUES(1,'NCI NIH HHS','United States');
INSERT INTO grant_funders VALUES(2,'Wellcome Trust','United Kingdom');
INSERT INTO grant_funders VALUES(3,'Deutsche Forschungsgemeinschaft',NULL);
INSERT INTO grant_funders VALUES(4,NULL,'Japan');
INSERT INTO grant_funders VALUES(5,'Fundação de Amparo à Pesquisa do Estado de São Paulo','Brazil');
INSERT INTO grant_funders VALUES(6,'NIAID NIH HHS','United States');
CREATE TABLE paper_meta(
  pmid INTEGER PRIMARY KEY,
  types TEXT,
  issns TEXT,
  languages TEXT,
  mesh TEXT,
  grants TEXT,
  grant_ids TEXT);
INSERT INTO paper_meta VALUES(6001,'[1]','[2]','[5]','[-3]',NULL,NULL);
INSERT INTO paper_meta VALUES(6002,'[3,1,4]','[4,3]','[1,2]','[2,-1,3]','[1,2,3,4]','["R01 \"CA\" 0006\\12",null,"DFG 612/1-2","no agency"]');
INSERT INTO paper_meta VALUES(6004,'[5]',NULL,'[3]','[1]','[5]','["2019/0612-4"]');
INSERT INTO paper_meta VALUES(6006,'[1]',NULL,'[6]','[2]','[6]','["U54 000612"]');
CREATE TABLE author_names(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  last_name TEXT,
  fore_name TEXT,
  initials TEXT,
  collective_name TEXT,
  orcid TEXT,
  name TEXT,
  PRIMARY KEY(pmid, position)) WITHOUT ROWID;
INSERT INTO author_names VALUES(6001,1,'Garcia','Maria','M',NULL,NULL,NULL);
INSERT INTO author_names VALUES(6001,2,'Chen','Wei','W',NULL,NULL,NULL);
INSERT INTO author_names VALUES(6002,1,'Müller','Jürgen','J',NULL,NULL,NULL);
INSERT INTO author_names VALUES(6002,2,'Smith','',NULL,NULL,NULL,NULL);
INSERT INTO author_names VALUES(6002,3,NULL,'Madonna',NULL,NULL,NULL,NULL);
INSERT INTO author_names VALUES(6002,4,NULL,NULL,NULL,'The "Migration" Consortium',NULL,NULL);
INSERT INTO author_names VALUES(6002,5,'Tanaka',NULL,'H',NULL,NULL,NULL);
INSERT INTO author_names VALUES(6003,1,'Okafor','Chinedu',NULL,NULL,NULL,NULL);
INSERT INTO author_names VALUES(6003,2,'Smith','Ann',NULL,NULL,NULL,NULL);
INSERT INTO author_names VALUES(6004,1,'Silva','João',NULL,NULL,NULL,NULL);
INSERT INTO author_names VALUES(6004,2,'Chen','Wei',NULL,NULL,NULL,NULL);
INSERT INTO author_names VALUES(6006,1,'Nguyen','An',NULL,NULL,NULL,NULL);
INSERT INTO author_names VALUES(6006,2,'Smith','Ann',NULL,NULL,NULL,NULL);
CREATE TABLE paper_country_chunks(
  chunk INTEGER PRIMARY KEY,
  papers BLOB NOT NULL);
INSERT INTO paper_country_chunks VALUES(93,X'71ca1f0406057a0006410072cc1f0a0c055200041a0204410006f90073c81f0406055801061a0234cc1f0406052b0006410076ce1f0406052f02061a02');
CREATE TABLE paper_country_dirty(
  chunk INTEGER PRIMARY KEY);
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
COMMIT;
PRAGMA user_version = 8;
