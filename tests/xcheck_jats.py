#!/usr/bin/python3
"""xcheck_jats.py - an independent reading of JATS articles, for cross-checks.

Reads each file with Python's ElementTree (no code shared with coauth) by the field
rules of SPEC 2.2 as docs/jats.md spells them out, and prints, per file:
    E <TAB> file                                   the file does not parse / is no JATS
    A <TAB> file <TAB> key <TAB> year <TAB> authors  one line per article
    U <TAB> file <TAB> i <TAB> name <TAB> n          author i (0-based) with n affiliations
    F <TAB> file <TAB> i <TAB> k <TAB> country <TAB> text   affiliation k of author i
    S <TAB> file                                   an article without any key (skipped)
key is pmid:N, pmc:PMCN or doi:DOI; country is the
structured country ("-" when none). Files are named by their base name.

usage: xcheck_jats.py FILE...
"""
import gzip
import os
import re
import sys
import xml.etree.ElementTree as ET

WS = re.compile(r"[ \t\n\r]+")
SEP_BEFORE = {"institution", "institution-wrap", "addr-line", "city", "state",
              "postal-code", "country", "named-content"}


def norm(s):
    return WS.sub(" ", s).strip(" \t\n\r")


def open_any(path):
    f = open(path, "rb")
    magic = f.read(2)
    f.seek(0)
    return gzip.GzipFile(fileobj=f) if magic == b"\x1f\x8b" else f


def text_without(el, skip):
    """The text of el, leaving out the subtrees whose tag is in skip."""
    out = [el.text or ""]
    for ch in el:
        if ch.tag not in skip:
            out.append(text_without(ch, skip))
        out.append(ch.tail or "")
    return "".join(out)


def flatten_aff(aff):
    out = []

    def walk(el):
        out.append(el.text or "")
        for ch in el:
            if ch.tag not in ("label", "institution-id"):
                if ch.tag in SEP_BEFORE:
                    t = "".join(out).rstrip(" \t\n\r")
                    if t and t[-1] not in ",;(":
                        out[:] = [t, ", "]
                walk(ch)
            out.append(ch.tail or "")

    walk(aff)
    return norm("".join(out))


def aff_country(aff):
    def countries(el):
        for ch in el:
            if ch.tag in ("label", "institution-id"):
                continue
            if ch.tag == "country":
                yield ch
            else:
                yield from countries(ch)

    for c in countries(aff):
        code = (c.get("country") or "").strip(" \t\n\r")
        if len(code) == 2:
            return code.upper()
        t = norm("".join(c.itertext()))
        if t:
            return t
    return None


def parse_int(s, maximum):
    s = norm(s)
    if not s.isdigit() or not s.isascii() or len(s) > 20:
        return None
    v = int(s)
    return v if 0 < v <= maximum else None


def pubdate_kind(pd):
    pt, dt, pf = pd.get("pub-type"), pd.get("date-type"), pd.get("publication-format")
    if pt in ("epub", "epub-ppub"):
        return 0
    if pt == "ppub":
        return 1
    if pt == "collection" or dt == "collection":
        return 2
    if dt in ("pub", "publication"):
        if pf == "electronic":
            return 0
        if pf == "print":
            return 1
    return 3


def year_of(meta):
    years = [0, 0, 0, 0]
    for pd in meta.findall("pub-date"):
        k = pubdate_kind(pd)
        for y in pd.findall("year"):
            t = norm("".join(y.itertext()))
            v = int(t) if len(t) == 4 and t.isdigit() and t.isascii() else 0
            if v and not years[k]:
                years[k] = v
    for v in years:
        if v:
            return v
    return 0


def key_of(meta):
    pmid = pmc = doi = None
    for aid in meta.findall("article-id"):
        t = norm("".join(aid.itertext()))
        kind = aid.get("pub-id-type")
        if kind == "pmid" and pmid is None:
            pmid = parse_int(t, 2**61 - 1)  # COAUTH_MAX_PMID (record.h)
        elif kind in ("pmc", "pmcid") and pmc is None and t:
            pmc = "PMC" + t if t.isdigit() and t.isascii() else t
        elif kind == "doi" and doi is None and t:
            doi = t
    if pmid:
        return "pmid:%d" % pmid
    if pmc and pmc.startswith("PMC") and parse_int(pmc[3:], 2**32 - 1):
        return "pmc:" + pmc
    if doi:
        return "doi:" + doi
    return "none"


def is_author(contrib):
    return (contrib.get("contrib-type") or "").strip(" \t\n\r").lower() == "author"


class Article:
    def __init__(self, meta):
        self.affs = []  # [id, text, country, owner, linked]
        self.authors = []  # [name, [refs]]; a ref is ("rid", id) or ("aff", index)
        self.walk_meta(meta, 0, None)

    def add_aff(self, aff, owner, aff_id=None):
        i = (aff.get("id") or "").strip(" \t\n\r")
        self.affs.append([norm(i) if i else aff_id, flatten_aff(aff), aff_country(aff),
                          owner, False])
        return len(self.affs) - 1

    def walk_meta(self, el, depth, alt):
        """Children of el, depth below article-meta; alt: [id, taken] of an
        aff-alternatives being read."""
        for ch in el:
            tag = ch.tag
            if depth == 1 and el.tag == "contrib-group" and tag == "contrib":
                if is_author(ch):
                    self.read_contrib(ch)
                continue
            if (depth == 0 and tag == "article-id") or \
                    (depth == 1 and el.tag == "title-group" and tag == "article-title"):
                continue  # read as text; an aff in there is not one
            if tag == "aff-alternatives" and alt is None:
                i = (ch.get("id") or "").strip(" \t\n\r")
                self.walk_meta(ch, depth + 1, [norm(i) if i else None, False])
                continue
            if tag == "aff":
                if alt is not None:
                    if alt[1]:
                        continue
                    alt[1] = True
                    self.add_aff(ch, None, alt[0])
                else:
                    self.add_aff(ch, None)
                continue
            self.walk_meta(ch, depth + 1, alt)

    def read_contrib(self, contrib):
        names, collabs, refs = [], [], []
        me = len(self.authors)

        def walk(el):
            for ch in el:
                tag = ch.tag
                if tag == "contrib-group":
                    continue
                if tag == "name":
                    names.append(ch)
                    continue
                if tag == "collab":
                    collabs.append(ch)
                    continue
                if tag == "contrib-id":
                    continue
                if tag == "xref":
                    if ch.get("ref-type") == "aff":
                        for rid in (ch.get("rid") or "").split():
                            refs.append(("rid", rid))
                    walk(ch)
                    continue
                if tag == "aff":
                    refs.append(("aff", self.add_aff(ch, me)))
                    continue
                walk(ch)

        walk(contrib)
        last = fore = coll = None
        if names:
            for ch in names[0]:
                if ch.tag == "surname" and last is None:
                    last = norm("".join(ch.itertext()))
                elif ch.tag == "given-names" and fore is None:
                    fore = norm("".join(ch.itertext()))
        for c in collabs:
            t = norm(text_without(c, {"contrib-group"}))
            if t:
                coll = t
                break
        has_name = last is not None or fore is not None
        if coll is not None and not has_name:
            name = coll
        elif last is not None and fore:
            name = last + ", " + fore
        elif last is not None:
            name = last
        elif fore is not None:
            name = fore
        else:
            name = ""
        self.authors.append([name, refs])

    def links(self):
        by_id = {}
        for k, a in enumerate(self.affs):
            if a[0] is not None and a[0] not in by_id:
                by_id[a[0]] = k
        resolved = []
        for name, refs in self.authors:
            r = []
            for kind, v in refs:
                k = by_id.get(v) if kind == "rid" else v
                if k is not None:
                    if kind == "rid":
                        self.affs[k][4] = True
                    r.append(k)
            resolved.append(r)
        outside = [k for k, a in enumerate(self.affs) if a[3] is None]
        lone = outside[0] if len(outside) == 1 and not self.affs[outside[0]][4] else None
        out = []
        for (name, _), r in zip(self.authors, resolved):
            seen = []
            for k in r + ([lone] if lone is not None else []):
                if k not in seen:
                    seen.append(k)
            out.append((name, [self.affs[k] for k in seen if self.affs[k][1]]))
        return out


def read_file(path):
    name = os.path.basename(path)
    try:
        with open_any(path) as f:
            root = ET.parse(f).getroot()
    except (ET.ParseError, OSError, EOFError, UnicodeError):
        print("E\t%s" % name)
        return
    if root.tag == "article":
        articles = [root]
    elif root.tag == "pmc-articleset":
        articles = root.findall("article")
    else:
        print("E\t%s" % name)
        return
    for art in articles:
        meta = art.find("front/article-meta")
        if meta is None:
            meta = ET.Element("article-meta")
        key = key_of(meta)
        if key == "none":
            print("S\t%s" % name)
            continue
        a = Article(meta)
        links = a.links()
        print("A\t%s\t%s\t%d\t%d" % (name, key, year_of(meta), len(links)))
        for i, (aname, affs) in enumerate(links):
            print("U\t%s\t%d\t%s\t%d" % (name, i, aname, len(affs)))
            for k, aff in enumerate(affs):
                print("F\t%s\t%d\t%d\t%s\t%s" % (name, i, k, aff[2] or "-", aff[1]))


def main():
    for path in sys.argv[1:]:
        read_file(path)


if __name__ == "__main__":
    main()
