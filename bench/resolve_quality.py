#!/usr/bin/python3
"""resolve_quality.py - country precision and recall of `coauth resolve` on labelled strings.

usage: bench/resolve_quality.py [--coauth build/coauth] [--data DIR] [--ror FILE|sample]
                                [--errors N] [--why]

For each file of DIR (default ../shared/data/affiliations, the development splits
described in its README), runs `coauth resolve` on the text column (read with quoting
off) and scores each line: the set of countries resolved over all parts of the line
against the gold set (';'-joined). A line is resolved if that set is not empty,
correct if it equals the gold set. Precision = correct / resolved; recall = correct /
labelled lines (gold not '??'). For ror_labelled_dev.tsv the figures are given for
has_location=1 (the targets) and has_location=0 separately.

With a ROR registry (`--ror FILE`, or `--ror sample` for ../shared/data/reference/ror/
ror_records_latest.jsonl.gz; without it the figures are those of the resolver alone)
every file is resolved with `coauth resolve --ror`, the ROR targets are added, and
ror_ids_dev.tsv is scored on ROR ids as its README says: only lines whose id is in the registry sample (in_reference=1) and the NP lines;
per line the set of ids over its parts; true positive when the gold id is in the set,
false positive when the set is not empty and the gold id is not in it (or gold is
NP); precision = TP / (TP + FP), recall = TP / lines with a gold id (a wrong id is a
miss).

Invariant: the script never edits the data; expected labels come only from the gold
column. --errors N prints up to N wrong or unresolved lines per file for study.
--why (with a registry) sorts the ror_ids_dev.tsv lines that are not true positives by
how the id went wrong, reading the registry's parent relationships itself: an id for
an NP line; the id of a descendant, an ancestor or a relative (a shared ancestor) of
the gold organisation; another organisation of the gold's country, or of another
country; no id.
"""
import argparse
import collections
import csv
import gzip
import io
import json
import os
import subprocess
import sys

FILES = ['tagged_dev.tsv', 'pubmed_gold_dev.tsv', 'ror_labelled_dev.tsv']
TARGETS = {  # (precision, recall) in percent
    'tagged_dev.tsv': (99.5, 98.0),
    'pubmed_gold_dev.tsv': (99.5, 98.0),
    'ror_labelled_dev.tsv has_location=1': (99.0, 95.0),
}
ROR_TARGETS = {  # with a registry (issue 13)
    'ror_labelled_dev.tsv has_location=0': (99.0, 85.0),
    'ror_ids_dev.tsv ror ids': (97.0, 85.0),
}


def read_tsv(path):
    with open(path, encoding='utf-8', newline='') as f:
        rows = list(csv.reader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in body]


def resolve(coauth, texts, ror=None, ids=None):
    """Countries per line; with `ror`, the ROR ids per line go into `ids` too."""
    data = ''.join(t.replace('\n', ' ').replace('\r', ' ') + '\n' for t in texts)
    cmd = [coauth, 'resolve'] + (['--ror', ror] if ror else [])
    p = subprocess.run(cmd, input=data.encode('utf-8'), stdout=subprocess.PIPE, check=True)
    got = [set() for _ in texts]
    if ids is not None:
        ids.extend(set() for _ in texts)
    rd = csv.reader(io.StringIO(p.stdout.decode('utf-8')))
    next(rd)
    for row in rd:
        line, _part, country = int(row[0]), row[1], row[2]
        if country:
            got[line - 1].add(country)
        if ids is not None and len(row) > 5 and row[5]:
            ids[line - 1].add(row[5])
    return got


def score_ids(rows, ids):
    """ROR id precision and recall (affiliations/README.md, "Scoring institution ids")."""
    tp = fp = gold_lines = 0
    wrong = []
    for row, got in zip(rows, ids):
        gold = row['ror_id']
        if gold != 'NP' and row['in_reference'] != '1':
            continue
        if gold != 'NP':
            gold_lines += 1
        if gold != 'NP' and gold in got:
            tp += 1
        elif got:
            fp += 1
            wrong.append((row['text'], gold, ' '.join(sorted(got))))
        elif gold != 'NP':
            wrong.append((row['text'], gold, '-'))
    p = 100.0 * tp / (tp + fp) if tp + fp else 0.0
    r = 100.0 * tp / gold_lines if gold_lines else 0.0
    return gold_lines, tp + fp, tp, p, r, wrong


def read_parents(path):
    """id -> (parent id or None, country) from a ROR dump (JSON lines or an array,
    plain or .gz; schema v1 or v2)."""
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8') as f:
        head = f.read(1)
        f.seek(0)
        recs = json.load(f) if head == '[' else (json.loads(l) for l in f if l.strip())
        out = {}
        for r in recs:
            parent = None
            for rel in r.get('relationships') or []:
                if rel.get('type') in ('parent', 'Parent'):
                    parent = rel.get('id')
            if 'locations' in r:
                locs = r.get('locations') or [{}]
                cc = (locs[0].get('geonames_details') or {}).get('country_code', '')
            else:
                cc = (r.get('country') or {}).get('country_code', '')
            out[r['id']] = (parent, cc)
    return out


def ancestors(reg, i):
    out = []
    while i in reg and reg[i][0] and reg[i][0] not in out and len(out) < 32:
        i = reg[i][0]
        out.append(i)
    return out


def why(rows, ids, reg):
    """Counts of how the ror_ids_dev lines that are not true positives went wrong."""
    c = collections.Counter()
    for row, got in zip(rows, ids):
        gold = row['ror_id']
        if gold != 'NP' and row['in_reference'] != '1':
            continue
        if gold != 'NP' and gold in got:
            continue
        if not got:
            if gold != 'NP':
                c['no id'] += 1
            continue
        if gold == 'NP':
            c['an id for an NP line'] += 1
            continue
        pred = sorted(got)[0]
        if gold in ancestors(reg, pred):
            c['a descendant of the gold'] += 1
        elif pred in ancestors(reg, gold):
            c['an ancestor of the gold'] += 1
        elif set(ancestors(reg, pred)) & set(ancestors(reg, gold)):
            c['a relative of the gold (shared ancestor)'] += 1
        elif reg.get(pred, (None, ''))[1] == reg.get(gold, (None, ''))[1]:
            c['another organisation, same country'] += 1
        else:
            c['another organisation, other country'] += 1
    return c


def score(rows, got):
    labelled = resolved = correct = 0
    wrong = []
    for row, g in zip(rows, got):
        gold = row['gold']
        if gold == '??':
            continue
        labelled += 1
        gs = set(gold.split(';'))
        if g:
            resolved += 1
            if g == gs:
                correct += 1
        if g != gs:
            wrong.append((row['text'], gold, ';'.join(sorted(g)) or '-'))
    p = 100.0 * correct / resolved if resolved else 0.0
    r = 100.0 * correct / labelled if labelled else 0.0
    return labelled, resolved, correct, p, r, wrong


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--coauth', default=os.path.join(here, '..', 'build', 'coauth'))
    ap.add_argument('--data', default=os.path.join(here, '..', '..', 'shared', 'data',
                                                   'affiliations'))
    ap.add_argument('--ror', default=None)
    ap.add_argument('--errors', type=int, default=0)
    ap.add_argument('--why', action='store_true')
    a = ap.parse_args()
    if a.ror == 'sample':
        a.ror = os.path.join(here, '..', '..', 'shared', 'data', 'reference', 'ror',
                             'ror_records_latest.jsonl.gz')
    if a.ror == 'none':
        a.ror = None
    if a.ror and not os.path.exists(a.ror):
        sys.exit('resolve_quality: ror registry %s is absent' % a.ror)
    if a.ror:
        TARGETS.update(ROR_TARGETS)
    if not os.path.isdir(a.data):
        sys.exit('resolve_quality: data directory %s is absent' % a.data)
    print('%-38s %7s %8s %7s %9s %7s  %s' % ('file', 'lines', 'resolved', 'correct',
                                               'precision', 'recall', 'target'))
    ok = True
    for name in FILES + (['ror_ids_dev.tsv'] if a.ror else []):
        path = os.path.join(a.data, name)
        if not os.path.exists(path):
            print('%-38s absent' % name)
            ok = False
            continue
        rows = read_tsv(path)
        ids = [] if name == 'ror_ids_dev.tsv' else None
        got = resolve(a.coauth, [r['text'] for r in rows], a.ror, ids)
        groups = [(name, rows, got)]
        if ids is not None:
            groups = [(name + ' ror ids', rows, ids)]
        if 'has_location' in rows[0]:
            groups = []
            for v in ('1', '0'):
                sel = [(r, g) for r, g in zip(rows, got) if r['has_location'] == v]
                groups.append(('%s has_location=%s' % (name, v), [s[0] for s in sel],
                               [s[1] for s in sel]))
        for label, rs, gs in groups:
            n, res, cor, p, r, wrong = (score_ids if label.endswith(' ror ids') else score)(rs, gs)
            tgt = TARGETS.get(label)
            mark = ''
            if tgt:
                met = p >= tgt[0] and r >= tgt[1]
                ok = ok and met
                mark = 'P>=%.1f R>=%.1f %s' % (tgt[0], tgt[1], 'ok' if met else 'MISSED')
            print('%-38s %7d %8d %7d %8.2f%% %6.2f%%  %s' % (label, n, res, cor, p, r, mark))
            for text, gold, g in wrong[:a.errors]:
                print('    gold %-6s got %-6s %s' % (gold, g, text))
            if a.why and a.ror and label.endswith(' ror ids'):
                for k, v in why(rs, gs, read_parents(a.ror)).most_common():
                    print('    %6d  %s' % (v, k))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
