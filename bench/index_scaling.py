#!/usr/bin/python3
"""index_scaling.py - the cost of the store's affiliation-hash index as it grows.

Every new affiliation string inserts one entry at a random place of
`affiliations_hash` (schema 10: a 32-bit hash and the row id). Once the index
outgrows SQLite's page cache, each insert reads and dirties a page of its own,
whatever the page size, and a file's commit writes every page it dirtied to the WAL
(and the checkpoint again to the store). This measures that alone, with the store's
settings (WAL, synchronous NORMAL, a 64 MB cache) and a row of the store's shape:
batches of 90,000 inserts (one 30,000-record file: 3 new strings a record), one
transaction each, for each page size given. The baseline is the first batch, into an
empty index, in the same run: the ratio column is the batch's CPU over it.

With --merge-every K it measures the log-structured alternative instead (not what the
store does; the design bench/RESULTS.md proposes): the table has no index; each batch's
(hash, id) pairs go into a small WITHOUT ROWID table, merged into a large one in one
sorted INSERT every K batches (and emptied), so that a page of the large one is written
once per merge instead of once per batch. The CPU column then includes the merges, and
the mean over the last K batches is printed as well.

usage: bench/index_scaling.py [--batches N] [--dir DIR] [--merge-every K] PAGE_SIZE...
"""
import argparse
import os
import random
import sqlite3
import time


def run(page, batches, d, every, merge):
    path = os.path.join(d, "index_scaling_%d.db" % page)
    for s in ("", "-wal", "-shm"):
        if os.path.exists(path + s):
            os.remove(path + s)
    db = sqlite3.connect(path, isolation_level=None)
    for p in ("page_size = %d" % page, "journal_mode = WAL", "synchronous = NORMAL",
              "cache_size = -65536"):
        db.execute("PRAGMA " + p)
    db.execute("CREATE TABLE affiliations(id INTEGER PRIMARY KEY, hash INTEGER NOT NULL, "
               "text TEXT NOT NULL, n_parts INTEGER NOT NULL, country TEXT)")
    if merge:
        for t in ("affiliation_hashes", "affiliation_hashes_new"):
            db.execute("CREATE TABLE %s(hash INTEGER NOT NULL, id INTEGER NOT NULL, "
                       "PRIMARY KEY(hash, id)) WITHOUT ROWID" % t)
    else:
        db.execute("CREATE INDEX affiliations_hash ON affiliations(hash)")
    rnd = random.Random(42)
    text = "Department of Examples, University of Benchmarks, Springfield, Country." * 1
    base = None
    n = 0
    batch = 90000
    recent = []
    for b in range(batches):
        c0, w0 = time.process_time(), time.time()
        db.execute("BEGIN")
        rows = [(n + i + 1, rnd.randint(-2**31, 2**31 - 1)) for i in range(batch)]
        db.executemany("INSERT INTO affiliations(id, hash, text, n_parts) VALUES (?, ?, ?, 1)",
                       ((i, h, text) for i, h in rows))
        if merge:
            db.executemany("INSERT INTO affiliation_hashes_new(hash, id) VALUES (?, ?)",
                           ((h, i) for i, h in rows))
            if (b + 1) % merge == 0:
                db.execute("INSERT OR IGNORE INTO affiliation_hashes SELECT hash, id FROM "
                           "affiliation_hashes_new ORDER BY hash, id")
                db.execute("DELETE FROM affiliation_hashes_new")
        db.execute("COMMIT")
        cpu, wall = time.process_time() - c0, time.time() - w0
        n += batch
        base = base or cpu
        recent = (recent + [cpu])[-(merge or 1):]
        if b % every == 0 or b == batches - 1:
            mean = sum(recent) / len(recent)
            print("| %d%s | %d | %.2f | %.2f | %.1f x | %d |" % (
                page, " merge/%d" % merge if merge else "", n,
                mean if merge else cpu, wall, (mean if merge else cpu) / base,
                os.path.getsize(path) >> 20), flush=True)
    db.close()
    for s in ("", "-wal", "-shm"):
        if os.path.exists(path + s):
            os.remove(path + s)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("pages", nargs="+", type=int)
    ap.add_argument("--batches", type=int, default=120)
    ap.add_argument("--every", type=int, default=20)
    ap.add_argument("--dir", default="/tmp")
    ap.add_argument("--merge-every", type=int, default=0)
    a = ap.parse_args()
    print("| page size | strings in the index | batch CPU (s)%s | batch wall (s) | CPU / first batch | file (MB) |"
          % (" (mean of the last K)" if a.merge_every else ""))
    print("|---|---|---|---|---|---|")
    for p in a.pages:
        run(p, a.batches, a.dir, a.every, a.merge_every)


if __name__ == "__main__":
    main()
