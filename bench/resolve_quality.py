#!/usr/bin/python3
"""resolve_quality.py - country precision and recall of `coauth resolve` on labelled strings.

usage: bench/resolve_quality.py [--coauth build/coauth] [--data DIR] [--errors N]

For each file of DIR (default ../shared/data/affiliations, the development splits
described in its README), runs `coauth resolve` on the text column (read with quoting
off) and scores each line: the set of countries resolved over all parts of the line
against the gold set (';'-joined). A line is resolved if that set is not empty,
correct if it equals the gold set. Precision = correct / resolved; recall = correct /
labelled lines (gold not '??'). For ror_labelled_dev.tsv the figures are given for
has_location=1 (the targets) and has_location=0 separately.

Invariant: the script never edits the data; expected labels come only from the gold
column. --errors N prints up to N wrong or unresolved lines per file for study.
"""
import argparse
import csv
import io
import os
import subprocess
import sys

FILES = ['tagged_dev.tsv', 'pubmed_gold_dev.tsv', 'ror_labelled_dev.tsv']
TARGETS = {  # (precision, recall) in percent
    'tagged_dev.tsv': (99.5, 98.0),
    'pubmed_gold_dev.tsv': (99.5, 98.0),
    'ror_labelled_dev.tsv has_location=1': (99.0, 95.0),
}


def read_tsv(path):
    with open(path, encoding='utf-8', newline='') as f:
        rows = list(csv.reader(f, delimiter='\t', quoting=csv.QUOTE_NONE))
    header, body = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in body]


def resolve(coauth, texts):
    data = ''.join(t.replace('\n', ' ').replace('\r', ' ') + '\n' for t in texts)
    p = subprocess.run([coauth, 'resolve'], input=data.encode('utf-8'),
                       stdout=subprocess.PIPE, check=True)
    got = [set() for _ in texts]
    rd = csv.reader(io.StringIO(p.stdout.decode('utf-8')))
    next(rd)
    for row in rd:
        line, _part, country = int(row[0]), row[1], row[2]
        if country:
            got[line - 1].add(country)
    return got


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
    ap.add_argument('--errors', type=int, default=0)
    a = ap.parse_args()
    if not os.path.isdir(a.data):
        sys.exit('resolve_quality: data directory %s is absent' % a.data)
    print('%-38s %7s %8s %7s %9s %7s  %s' % ('file', 'lines', 'resolved', 'correct',
                                               'precision', 'recall', 'target'))
    ok = True
    for name in FILES:
        path = os.path.join(a.data, name)
        if not os.path.exists(path):
            print('%-38s absent' % name)
            ok = False
            continue
        rows = read_tsv(path)
        got = resolve(a.coauth, [r['text'] for r in rows])
        groups = [(name, rows, got)]
        if 'has_location' in rows[0]:
            groups = []
            for v in ('1', '0'):
                sel = [(r, g) for r, g in zip(rows, got) if r['has_location'] == v]
                groups.append(('%s has_location=%s' % (name, v), [s[0] for s in sel],
                               [s[1] for s in sel]))
        for label, rs, gs in groups:
            n, res, cor, p, r, wrong = score(rs, gs)
            tgt = TARGETS.get(label)
            mark = ''
            if tgt:
                met = p >= tgt[0] and r >= tgt[1]
                ok = ok and met
                mark = 'P>=%.1f R>=%.1f %s' % (tgt[0], tgt[1], 'ok' if met else 'MISSED')
            print('%-38s %7d %8d %7d %8.2f%% %6.2f%%  %s' % (label, n, res, cor, p, r, mark))
            for text, gold, g in wrong[:a.errors]:
                print('    gold %-6s got %-6s %s' % (gold, g, text))
    return 0 if ok else 1


if __name__ == '__main__':
    sys.exit(main())
