-- store_v10_ids.sql - a store made by coauth at schema 10 (commit 8d96445): 'coauth ror import
-- ror_registry.jsonl', then 'coauth ingest pubmed26n0101.xml' (tests/data/ror_id_country.xml
-- copied to that NLM name), then 'sqlite3 store.db .dump' (which leaves out user_version,
-- set at the end). Loaded by tests/test_migrate9.c with sqlite3_exec; do not edit by hand.
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
INSERT INTO files VALUES(1,'pubmed26n0101.xml',6044,'crc32:e90f7b51-adler32:98da8211',4,0,0,'2026-12-07T12:26:54Z',1117125288656896,NULL);
CREATE TABLE affiliations(
  id INTEGER PRIMARY KEY,
  hash INTEGER NOT NULL,
  text TEXT NOT NULL,
  n_parts INTEGER NOT NULL, country TEXT);
INSERT INTO affiliations VALUES(1,-1533419689,'Department of Surgery, Nowhere Clinic',1,NULL);
INSERT INTO affiliations VALUES(2,937839213,'Faculty of Law, Bergen, Norway',1,NULL);
INSERT INTO affiliations VALUES(3,-776205983,'Quiet Hollow Laboratory',1,NULL);
INSERT INTO affiliations VALUES(4,1375884914,'Nowhere Clinic; Quiet Hollow Institute',2,NULL);
INSERT INTO affiliations VALUES(5,-1520131534,'Research Office, Quiet Hollow Institute',1,NULL);
INSERT INTO affiliations VALUES(6,579414690,'School of Nursing, Tallow Creek College',1,NULL);
INSERT INTO affiliations VALUES(7,461666104,'Department of Surgery, Springfield University',1,NULL);
INSERT INTO affiliations VALUES(8,377406451,'Laboratoire de Chimie, CNRS',1,NULL);
INSERT INTO affiliations VALUES(9,323206435,'Department of Physics, University of Verona',1,NULL);
CREATE TABLE affiliation_parts(
  affiliation_id INTEGER NOT NULL,
  part INTEGER NOT NULL,
  country TEXT,
  institution_id INTEGER,
  rule TEXT NOT NULL, ror TEXT,
  PRIMARY KEY(affiliation_id, part)) WITHOUT ROWID;
INSERT INTO affiliation_parts VALUES(1,1,NULL,1,'none',NULL);
INSERT INTO affiliation_parts VALUES(2,1,'NO',2,'country',NULL);
INSERT INTO affiliation_parts VALUES(3,1,NULL,NULL,'none',NULL);
INSERT INTO affiliation_parts VALUES(4,1,NULL,1,'none',NULL);
INSERT INTO affiliation_parts VALUES(4,2,NULL,3,'none',NULL);
INSERT INTO affiliation_parts VALUES(5,1,NULL,3,'none',NULL);
INSERT INTO affiliation_parts VALUES(6,1,NULL,4,'none',NULL);
INSERT INTO affiliation_parts VALUES(7,1,'GB',5,'ror','https://ror.org/0fix00001');
INSERT INTO affiliation_parts VALUES(8,1,'FR',6,'institution',NULL);
INSERT INTO affiliation_parts VALUES(9,1,'IT',7,'org-place',NULL);
CREATE TABLE institutions(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE);
INSERT INTO institutions VALUES(1,'nowhere clinic');
INSERT INTO institutions VALUES(2,'faculty of law');
INSERT INTO institutions VALUES(3,'quiet hollow institute');
INSERT INTO institutions VALUES(4,'tallow creek college');
INSERT INTO institutions VALUES(5,'springfield university');
INSERT INTO institutions VALUES(6,'cnrs');
INSERT INTO institutions VALUES(7,'university of verona');
CREATE TABLE deletions(
  pmid INTEGER PRIMARY KEY,
  file_id INTEGER NOT NULL, place INTEGER NOT NULL DEFAULT 0, place_record INTEGER NOT NULL DEFAULT 0);
CREATE TABLE meta(
  key TEXT PRIMARY KEY,
  value TEXT);
INSERT INTO meta VALUES('schema_version','10');
INSERT INTO meta VALUES('ror_version','unknown');
INSERT INTO meta VALUES('ror_date','2025-03-02');
INSERT INTO meta VALUES('ror_organisations','12');
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
INSERT INTO papers VALUES(5101,1,2024,3,1,1,0,'A place-less string, an explicit place, two parts.',NULL,NULL,1117125288656896,1,0,0,0);
INSERT INTO papers VALUES(5102,1,2024,3,1,1,0,'GRID, ISNI, and ROR before GRID.',NULL,NULL,1117125288656896,2,0,0,0);
INSERT INTO papers VALUES(5103,1,2025,4,1,1,0,'Name rules, the same string without an id, an unknown id.',NULL,NULL,1117125288656896,3,0,0,0);
INSERT INTO papers VALUES(5104,1,2025,2,1,1,0,'No identifiers.',NULL,NULL,1117125288656896,4,0,0,0);
CREATE TABLE authorships(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  affiliation_id INTEGER NOT NULL,
  PRIMARY KEY(pmid, position, seq)) WITHOUT ROWID;
INSERT INTO authorships VALUES(5101,1,1,1);
INSERT INTO authorships VALUES(5101,2,1,2);
INSERT INTO authorships VALUES(5101,2,2,3);
INSERT INTO authorships VALUES(5101,3,1,4);
INSERT INTO authorships VALUES(5102,1,1,5);
INSERT INTO authorships VALUES(5102,2,1,3);
INSERT INTO authorships VALUES(5102,3,1,6);
INSERT INTO authorships VALUES(5103,1,1,7);
INSERT INTO authorships VALUES(5103,2,1,8);
INSERT INTO authorships VALUES(5103,3,1,1);
INSERT INTO authorships VALUES(5103,4,1,9);
INSERT INTO authorships VALUES(5104,1,1,1);
INSERT INTO authorships VALUES(5104,2,1,2);
CREATE TABLE affiliation_identifiers(
  pmid INTEGER NOT NULL,
  position INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  k INTEGER NOT NULL,
  source TEXT NOT NULL,
  value TEXT,
  PRIMARY KEY(pmid, position, seq, k)) WITHOUT ROWID;
INSERT INTO affiliation_identifiers VALUES(5101,1,1,1,'ROR','https://ror.org/0fix00004');
INSERT INTO affiliation_identifiers VALUES(5101,2,1,1,'ROR','0fix00002');
INSERT INTO affiliation_identifiers VALUES(5101,2,2,1,'ROR','https://ror.org/0fix00006');
INSERT INTO affiliation_identifiers VALUES(5101,3,1,1,'ROR','https://ror.org/0fix00004');
INSERT INTO affiliation_identifiers VALUES(5102,1,1,1,'GRID','grid.9000.12');
INSERT INTO affiliation_identifiers VALUES(5102,2,1,1,'ISNI','0000 0004 0000 0003');
INSERT INTO affiliation_identifiers VALUES(5102,3,1,1,'GRID','grid.9000.3');
INSERT INTO affiliation_identifiers VALUES(5102,3,1,2,'ROR','https://ror.org/0fix00006');
INSERT INTO affiliation_identifiers VALUES(5103,1,1,1,'ROR','0fix00005');
INSERT INTO affiliation_identifiers VALUES(5103,2,1,1,'ROR','https://ror.org/0fix00009');
INSERT INTO affiliation_identifiers VALUES(5103,4,1,1,'ROR','https://ror.org/0zzz99999');
CREATE TABLE ror_orgs(
  org INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  country TEXT,
  city TEXT,
  status TEXT NOT NULL,
  parent_id TEXT,
  root INTEGER);
INSERT INTO ror_orgs VALUES(0,'https://ror.org/0fix00001','Springfield University','GB','Springfield','active',NULL,0);
INSERT INTO ror_orgs VALUES(1,'https://ror.org/0fix00002','Oconee Valley University','US','Athens','active',NULL,1);
INSERT INTO ror_orgs VALUES(2,'https://ror.org/0fix00003','Kentmere University','GB','Canterbury','active',NULL,2);
INSERT INTO ror_orgs VALUES(3,'https://ror.org/0fix00004','Saint Brendan Hospital','IE','Dublin','active',NULL,3);
INSERT INTO ror_orgs VALUES(4,'https://ror.org/0fix00005','Saint Brendan Hospital','CA','Toronto','active',NULL,4);
INSERT INTO ror_orgs VALUES(5,'https://ror.org/0fix00006','Halvorsen University','NO','Bergen','active',NULL,5);
INSERT INTO ror_orgs VALUES(6,'https://ror.org/0fix00007','Halvorsen Institute of Marine Biology','NO','Bergen','active','https://ror.org/0fix00006',5);
INSERT INTO ror_orgs VALUES(7,'https://ror.org/0fix00008','Bayside Medical School','US','Boston','active','https://ror.org/0fix00009',8);
INSERT INTO ror_orgs VALUES(8,'https://ror.org/0fix00009','Bayside University','US','Cambridge','active',NULL,8);
INSERT INTO ror_orgs VALUES(9,'https://ror.org/0fix00010','Bayside General Hospital','US','Boston','active',NULL,9);
INSERT INTO ror_orgs VALUES(10,'https://ror.org/0fix00011','Department of Marine Studies','RU','Moscow','active',NULL,10);
INSERT INTO ror_orgs VALUES(11,'https://ror.org/0fix00012','Old Mill Institute','DE','Bremen','withdrawn',NULL,11);
CREATE TABLE ror_names(
  org INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  PRIMARY KEY(org, seq)) WITHOUT ROWID;
INSERT INTO ror_names VALUES(0,1,'Springfield University','ror_display');
INSERT INTO ror_names VALUES(0,2,'SPU','acronym');
INSERT INTO ror_names VALUES(0,3,'Springfield Univ. of Science','alias');
INSERT INTO ror_names VALUES(1,1,'Oconee Valley University','ror_display');
INSERT INTO ror_names VALUES(1,2,'OVU','acronym');
INSERT INTO ror_names VALUES(2,1,'Kentmere University','ror_display');
INSERT INTO ror_names VALUES(2,2,'Université de Kentmere','label');
INSERT INTO ror_names VALUES(2,3,'Kentmere Uni','alias');
INSERT INTO ror_names VALUES(2,4,'KU','acronym');
INSERT INTO ror_names VALUES(3,1,'Saint Brendan Hospital','ror_display');
INSERT INTO ror_names VALUES(4,1,'Saint Brendan Hospital','ror_display');
INSERT INTO ror_names VALUES(5,1,'Halvorsen University','ror_display');
INSERT INTO ror_names VALUES(6,1,'Halvorsen Institute of Marine Biology','ror_display');
INSERT INTO ror_names VALUES(7,1,'Bayside Medical School','ror_display');
INSERT INTO ror_names VALUES(8,1,'Bayside University','ror_display');
INSERT INTO ror_names VALUES(9,1,'Bayside General Hospital','ror_display');
INSERT INTO ror_names VALUES(10,1,'Department of Marine Studies','ror_display');
INSERT INTO ror_names VALUES(11,1,'Old Mill Institute','ror_display');
CREATE TABLE ror_external_ids(
  org INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  type TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY(org, seq)) WITHOUT ROWID;
INSERT INTO ror_external_ids VALUES(0,1,'grid','grid.9000.1');
INSERT INTO ror_external_ids VALUES(0,2,'isni','0000 0004 0000 0001');
INSERT INTO ror_external_ids VALUES(2,1,'grid','grid.9000.3');
INSERT INTO ror_external_ids VALUES(2,2,'isni','0000 0004 0000 0003');
INSERT INTO ror_external_ids VALUES(11,1,'grid','grid.9000.12');
CREATE TABLE ror_identifiers(
  source TEXT NOT NULL,
  value TEXT NOT NULL,
  ror TEXT NOT NULL,
  PRIMARY KEY(source, value)) WITHOUT ROWID;
INSERT INTO ror_identifiers VALUES('GRID','grid.9000.1','https://ror.org/0fix00001');
INSERT INTO ror_identifiers VALUES('GRID','grid.9000.12','https://ror.org/0fix00012');
INSERT INTO ror_identifiers VALUES('GRID','grid.9000.3','https://ror.org/0fix00003');
INSERT INTO ror_identifiers VALUES('ISNI','0000000400000001','https://ror.org/0fix00001');
INSERT INTO ror_identifiers VALUES('ISNI','0000000400000003','https://ror.org/0fix00003');
INSERT INTO ror_identifiers VALUES('ROR','0fix00001','https://ror.org/0fix00001');
INSERT INTO ror_identifiers VALUES('ROR','0fix00002','https://ror.org/0fix00002');
INSERT INTO ror_identifiers VALUES('ROR','0fix00003','https://ror.org/0fix00003');
INSERT INTO ror_identifiers VALUES('ROR','0fix00004','https://ror.org/0fix00004');
INSERT INTO ror_identifiers VALUES('ROR','0fix00005','https://ror.org/0fix00005');
INSERT INTO ror_identifiers VALUES('ROR','0fix00006','https://ror.org/0fix00006');
INSERT INTO ror_identifiers VALUES('ROR','0fix00007','https://ror.org/0fix00007');
INSERT INTO ror_identifiers VALUES('ROR','0fix00008','https://ror.org/0fix00008');
INSERT INTO ror_identifiers VALUES('ROR','0fix00009','https://ror.org/0fix00009');
INSERT INTO ror_identifiers VALUES('ROR','0fix00010','https://ror.org/0fix00010');
INSERT INTO ror_identifiers VALUES('ROR','0fix00011','https://ror.org/0fix00011');
INSERT INTO ror_identifiers VALUES('ROR','0fix00012','https://ror.org/0fix00012');
CREATE TABLE paper_country_sets(
  pmid INTEGER PRIMARY KEY,
  year INTEGER,
  research INTEGER,
  n_authors INTEGER NOT NULL,
  parts BLOB NOT NULL);
INSERT INTO paper_country_sets VALUES(5101,2024,1,3,X'046001');
INSERT INTO paper_country_sets VALUES(5103,2025,1,4,X'059d0004930006e300');
INSERT INTO paper_country_sets VALUES(5104,2025,1,2,X'066001');
CREATE TABLE publication_types(
  id INTEGER PRIMARY KEY,
  ui TEXT,
  name TEXT);
INSERT INTO publication_types VALUES(1,'D016428','Journal Article');
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
INSERT INTO paper_meta VALUES(5101,'[1]',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(5102,'[1]',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(5103,'[1]',NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO paper_meta VALUES(5104,'[1]',NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE paper_country_chunks(
  chunk INTEGER PRIMARY KEY,
  papers BLOB NOT NULL);
INSERT INTO paper_country_chunks VALUES(79,X'6dd01f06030460016fd21f0809059d0004930006e30070d21f0403066001');
CREATE TABLE paper_country_dirty(
  chunk INTEGER PRIMARY KEY);
CREATE TABLE paper_authors(
  pmid INTEGER PRIMARY KEY,
  authors TEXT NOT NULL);
INSERT INTO paper_authors VALUES(5101,'[["One","A"],["Two","B"],["Three","C"]]');
INSERT INTO paper_authors VALUES(5102,'[["Four","D"],["Five","E"],["Six","F"]]');
INSERT INTO paper_authors VALUES(5103,'[["Seven","G"],["Eight","H"],["Nine","I"],["Ten","J"]]');
INSERT INTO paper_authors VALUES(5104,'[["Eleven","K"],["Twelve","L"]]');
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
