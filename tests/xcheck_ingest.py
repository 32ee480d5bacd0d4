#!/usr/bin/python3
"""xcheck_ingest.py - an independent reading of PubMed XML files, for cross-checks.

Applies the files in the order given with Python's ElementTree (no code shared with
coauth): later records replace earlier ones with the same PMID, DeleteCitation
removes. Prints, sorted by PMID, one line per paper left:
    pmid <TAB> year (0 unknown) <TAB> authors <TAB> author-affiliation rows
and a last line "#affiliations <TAB> N" with the number of distinct affiliation
strings those papers use (whitespace runs collapsed, trimmed).

usage: xcheck_ingest.py FILE...
"""
import gzip
import re
import sys
import xml.etree.ElementTree as ET


def open_any(path):
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    return gzip.GzipFile(fileobj=f) if magic == b"\x1f\x8b" else f


def norm(s):
    return re.sub(r"\s+", " ", "".join(s.itertext()) if s is not None else "").strip()


def year_of(node, pubdate_paths, article_date_path):
    for p in pubdate_paths:
        pd = node.find(p)
        if pd is None:
            continue
        y = pd.find("Year")
        if y is not None and (y.text or "").strip().isdigit():
            return int(y.text.strip())
        md = pd.find("MedlineDate")
        if md is not None:
            m = re.search(r"\d{4}", md.text or "")
            if m:
                return int(m.group(0))
    if article_date_path:
        ad = node.find(article_date_path)
        if ad is not None and (ad.text or "").strip().isdigit():
            return int(ad.text.strip())
    return 0


def authors_of(author_lists, article_affiliation=""):
    """Older layouts: Author/Affiliation (2013 DTD) counts when the author has no
    AffiliationInfo string; Article/Affiliation (earlier DTDs) is the first author's
    when that author has no string of their own."""
    authors, rows, texts = 0, 0, []
    for al in author_lists:
        for a in al.findall("Author"):
            if a.get("ValidYN") == "N":
                continue
            authors += 1
            own = [norm(ai.find("Affiliation")) for ai in a.findall("AffiliationInfo")]
            own = [t for t in own if t]
            if not own:
                own = [t for t in (norm(x) for x in a.findall("Affiliation")) if t]
            if not own and authors == 1 and article_affiliation:
                own = [article_affiliation]
            rows += len(own)
            texts.extend(own)
    return authors, rows, texts


def root_tag(path):
    with open_any(path) as f:
        for _, el in ET.iterparse(f, events=("start",)):
            return el.tag
    return None


def apply_file(papers, path):
    if root_tag(path) in ("MedlineCitationSet", "MedlineCitation", "PubmedArticle"):
        with open_any(path) as f:
            root = ET.parse(f).getroot()
        if root.tag == "PubmedArticle":
            handle_citation(papers, root.find("MedlineCitation"))
            return
        for mc in [root] if root.tag == "MedlineCitation" else root.findall("MedlineCitation"):
            handle_citation(papers, mc)
        for dc in root.findall("DeleteCitation"):
            for p in dc.findall("PMID"):
                papers.pop(int(p.text.strip()), None)
        return
    with open_any(path) as f:
        for _, el in ET.iterparse(f, events=("end",)):
            if el.tag == "DeleteCitation":
                for p in el.findall("PMID"):
                    papers.pop(int(p.text.strip()), None)
                el.clear()
            elif el.tag == "PubmedArticle":
                handle_citation(papers, el.find("MedlineCitation"))
                el.clear()
            elif el.tag == "PubmedBookArticle":
                bd = el.find("BookDocument")
                pm = bd.find("PMID") if bd is not None else None
                if pm is not None and (pm.text or "").strip():
                    lists = [al for al in bd.findall("AuthorList")
                             if al.get("Type") in (None, "authors")]
                    n, rows, texts = authors_of(lists)
                    papers[int(pm.text.strip())] = (year_of(bd, ["Book/PubDate"], None),
                                                    n, rows, texts)
                el.clear()


def main():
    papers = {}
    for path in sys.argv[1:]:
        apply_file(papers, path)
    distinct = set()
    for pmid in sorted(papers):
        y, n, rows, texts = papers[pmid]
        distinct.update(texts)
        print(f"{pmid}\t{y}\t{n}\t{rows}")
    print(f"#affiliations\t{len(distinct)}")


def handle_citation(papers, mc):
    if mc is None:
        return
    pm = mc.find("PMID")
    if pm is None or not (pm.text or "").strip():
        return
    art = mc.find("Article")
    lists = art.findall("AuthorList") if art is not None else []
    aa = norm(art.find("Affiliation")) if art is not None else ""
    n, rows, texts = authors_of(lists, aa)
    y = year_of(art, ["Journal/JournalIssue/PubDate"], "ArticleDate/Year") if art is not None else 0
    papers[int(pm.text.strip())] = (y, n, rows, texts)


if __name__ == "__main__":
    main()
