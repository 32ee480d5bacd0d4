#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check_truth.py DIR - re-derive DIR/truth.json from the XML files themselves.

A consistency check of gen_pubmed.py, not a resolver: it reads the files listed
in truth.json in order (later PMIDs replace earlier ones, DeleteCitation
removes), takes the year as SPEC 2.1 says, skips ValidYN="N" authors, splits
each affiliation at "; " and reads the country from the end of each part with
the generator's own name lists (country names and variants, US state names,
Canadian province names, GB nations). It then recomputes papers, W, I, F, the
pairs and the US-CN years and compares them with truth.json. Exit 0 if they
agree, 1 otherwise.
"""

import gzip
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_pubmed as G  # noqa: E402

SUFFIX = []  # (suffix text, country)
for cc, c in G.COUNTRIES.items():
    for n in c["names"]:
        SUFFIX.append((n, cc))
for t in G.COUNTRIES["US"]["cities"]:
    SUFFIX.append((t[0] + ", " + t[2], "US"))
for t in G.COUNTRIES["CA"]["cities"]:
    SUFFIX.append((t[0] + ", " + t[2], "CA"))
for n in ("England", "Scotland", "Wales", "Northern Ireland"):
    SUFFIX.append((n, "GB"))
SUFFIX = sorted(((n.rstrip("."), cc) for n, cc in SUFFIX), key=lambda x: -len(x[0]))
EMAIL = re.compile(r"\s+(Electronic address: )?\S+@\S+$")


def part_country(part):
    part = part.strip()
    part = EMAIL.sub("", part).rstrip(".").strip()
    for suf, cc in SUFFIX:
        if part.endswith(", " + suf) or part == suf:
            return cc
    return None


def year_of(mc):
    pd = mc.find("Article/Journal/JournalIssue/PubDate")
    if pd is not None:
        y = pd.findtext("Year")
        if y:
            return int(y)
        md = pd.findtext("MedlineDate")
        if md:
            m = re.search(r"\d{4}", md)
            if m:
                return int(m.group(0))
    y = mc.findtext("Article/ArticleDate/Year")
    return int(y) if y else None


def main():
    d = sys.argv[1]
    truth = json.load(open(os.path.join(d, "truth.json"), encoding="utf-8"))
    store = {}
    for f in truth["files"]:
        path = os.path.join(d, f["name"])
        fh = gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")
        for ev, el in ET.iterparse(fh, events=("end",)):
            if el.tag == "PubmedArticle":
                mc = el.find("MedlineCitation")
                pmid = int(mc.findtext("PMID"))
                authors = []
                for au in mc.findall("Article/AuthorList/Author"):
                    if au.get("ValidYN", "Y") == "N":
                        continue
                    parts = []
                    for ai in au.findall("AffiliationInfo"):
                        for p in (ai.findtext("Affiliation") or "").split("; "):
                            cc = part_country(p)
                            if cc:
                                parts.append(cc)
                    if parts:
                        authors.append(parts)
                store[pmid] = (year_of(mc), authors)
                el.clear()
            elif el.tag == "DeleteCitation":
                for p in el.findall("PMID"):
                    store.pop(int(p.text), None)
        fh.close()
    agg = G.new_agg()
    for pmid in sorted(store):
        y, authors = store[pmid]
        G.add_truth(agg, dict(year=y, authors=authors, forms={}, n_aff=0))
    bad = []

    def cmp(name, a, b):
        if isinstance(a, dict):
            keys = set(a) | set(b)
            for k in sorted(keys):
                x, y = a.get(k, 0), b.get(k, 0)
                if abs(x - y) > 1e-6:
                    bad.append("%s[%s]: truth %s, derived %s" % (name, k, x, y))
        elif abs(a - b) > 1e-6:
            bad.append("%s: truth %s, derived %s" % (name, a, b))
    cmp("papers", truth["papers"], agg["papers"])
    cmp("papers_with_country", truth["papers_with_country"], agg["papers_with_country"])
    cmp("papers_without_year", truth["papers_without_year"], agg["papers_without_year"])
    cmp("international_papers", truth["international_papers"], agg["international"])
    cmp("W", truth["W"], agg["W"])
    cmp("I", truth["I"], agg["I"])
    cmp("F", truth["F"], agg["F"])
    cmp("pair_whole", truth["pair_whole"], agg["pair_whole"])
    cmp("pair_fractional", truth["pair_fractional"], agg["pair_frac"])
    cmp("us_cn_by_year", truth["us_cn_by_year"], agg["uscn_by_year"])
    for b in bad[:30]:
        print("check_truth: " + b, file=sys.stderr)
    if bad:
        print("check_truth: %d mismatches" % len(bad), file=sys.stderr)
        return 1
    print("check_truth: %s agrees (%d papers, %d with country)" % (d, agg["papers"], agg["papers_with_country"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
