#!/usr/bin/python3
"""xcheck_types.py - an independent count of SPEC 5.1's research class, for cross-checks.

Applies PubMed XML files in the order given with ElementTree (no code shared with
coauth): later records replace earlier ones with the same PMID, DeleteCitation
removes. Prints "research N" and "other M": papers whose PublicationType names include
Journal Article or Review, or that have none, and none of the excluded types (SPEC
5.1's list, compared case-insensitively), and the rest.

usage: xcheck_types.py FILE...
"""
import gzip
import sys
import xml.etree.ElementTree as ET

KEEP = {"journal article", "review"}
EXCLUDE = {s.lower() for s in (
    "Letter", "Editorial", "Comment", "News", "Newspaper Article", "Published Erratum",
    "Retraction of Publication", "Retracted Publication", "Expression of Concern",
    "Biography", "Autobiography", "Portrait", "Interview", "Lecture", "Address",
    "Congress", "Preprint",
    # NLM's newer name for "Retraction of Publication" (the same UI, D016440); the
    # 2026 samples use it
    "Retraction Notice")}


def open_any(path):
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    return gzip.GzipFile(fileobj=f) if magic == b"\x1f\x8b" else f


def research(types):
    t = {" ".join("".join(x.itertext()).split()).lower() for x in types}
    return (not t or t & KEEP) and not t & EXCLUDE


def main():
    papers = {}
    for path in sys.argv[1:]:
        with open_any(path) as f:
            for _, el in ET.iterparse(f, events=("end",)):
                if el.tag == "DeleteCitation":
                    for p in el.findall("PMID"):
                        papers.pop(int(p.text.strip()), None)
                    el.clear()
                elif el.tag in ("PubmedArticle", "PubmedBookArticle", "MedlineCitation"):
                    # a MedlineCitation inside a PubmedArticle is handled again with
                    # its PubmedArticle, with the same result
                    if el.tag == "PubmedArticle":
                        mc = el.find("MedlineCitation")
                        types = mc.findall("Article/PublicationTypeList/PublicationType")
                    elif el.tag == "PubmedBookArticle":
                        mc = el.find("BookDocument")
                        types = mc.findall("PublicationType") if mc is not None else []
                    else:
                        mc = el
                        types = mc.findall("Article/PublicationTypeList/PublicationType")
                    pm = mc.find("PMID") if mc is not None else None
                    if pm is not None and (pm.text or "").strip().isdigit():
                        papers[int(pm.text.strip())] = bool(research(types))
                    if el.tag != "MedlineCitation":
                        el.clear()
    n = sum(papers.values())
    print(f"research {n}")
    print(f"other {len(papers) - n}")


if __name__ == "__main__":
    main()
