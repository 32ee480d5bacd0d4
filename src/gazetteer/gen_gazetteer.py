#!/usr/bin/env python3
"""gen_gazetteer.py - build-time generator of the resolver's place-name tables.

usage: gen_gazetteer.py OUT.c ALIASES.tsv [ISO_CODES_JSON_DIR] [LOCALE_DIR] [LIBGEONAMES]

Reads the Debian reference data and writes one C source (compiled into the coauth
library) holding:
  - the character folding table that both this script and src/resolve/text.c use to
    normalise names (case, accents, punctuation), so the keys written here are the
    exact keys the C code computes at run time;
  - one row per normalised place name: the country it names (ISO 3166-1 names,
    official and common names, translations from the iso_3166-1 gettext catalogues,
    reviewed aliases), the US state it names, the one country whose ISO 3166-2
    subdivisions (or GeoNames regions) carry it, the country that dominates it as a
    GeoNames city name by population (English names, and local names from the
    geonames.mo catalogues of the city's own languages: München, Sevilla), every
    country it may denote, and the seat of a place-less organisation (aliases.tsv);
  - the US state codes, the valid country codes, the territory -> parent table.

Key invariant: normalise() below and coauth_fold_text() in src/resolve/text.c give the same key
for the same text; the folding table is emitted from fold_char() so the two cannot
drift apart. The output depends only on the input files (no clock, no environment).

Sources: iso-codes (LGPL-2.1; data from ISO 3166, translations by the Debian/
Translation Project teams), libgeonames and libgeonames-common (GPL-3 library whose
compiled-in city list is GeoNames data, CC-BY 4.0: cities with population >= 15,000;
city-name translations in geonames.mo), read through ctypes (libgeonames, GLib).
"""
import collections
import ctypes
import ctypes.util
import gettext
import glob
import json
import os
import sys
import unicodedata

# ---------------------------------------------------------------- normalisation

# Code point ranges covered by the folding table. Outside them, ASCII is handled by
# ascii_fold() and anything else (CJK, Arabic, ...) is kept as is.
FOLD_RANGES = [(0x80, 0x4FF), (0x1E00, 0x1EFF), (0x2000, 0x206F), (0x3000, 0x303F),
               (0xFF00, 0xFF65)]

SPECIAL = {
    'ß': 'ss', 'ẞ': 'ss', 'æ': 'ae', 'Æ': 'ae', 'ø': 'o', 'Ø': 'o', 'œ': 'oe', 'Œ': 'oe',
    'ł': 'l', 'Ł': 'l', 'đ': 'd', 'Đ': 'd', 'ð': 'd', 'Ð': 'd', 'þ': 'th', 'Þ': 'th',
    'ı': 'i', 'ħ': 'h', 'Ħ': 'h', 'ŀ': 'l', 'Ŀ': 'l', 'ĸ': 'k', 'ŉ': 'n',
}
# Apostrophe-like marks vanish (Xi'an = Xian), like ASCII ' and .
DROP = set('\u2018\u2019\u201b\u00b4\u02bc\u02bb\u02b9\u2032\u0060\uff07\uff0e')


# Languages whose country names appear in affiliations. The other catalogues hold
# translations that collide with English words (a "Pain" for Spain), so they are not
# read.
LANGUAGES = {'de', 'fr', 'es', 'pt', 'it', 'nl', 'sv', 'da', 'nb', 'nn', 'no', 'fi', 'is',
             'pl', 'cs', 'sk', 'hu', 'ro', 'tr', 'ru', 'uk', 'el', 'zh', 'ja', 'ko', 'ca',
             'gl', 'eu', 'hr', 'sr', 'sl', 'bg', 'lt', 'lv', 'et', 'id', 'ms', 'vi', 'th',
             'ar', 'fa', 'he', 'af', 'bs', 'mk', 'sq', 'ga', 'cy'}

# Subdivision names that are plain words of direction or kind ("East" region of
# Cameroon, "Centre", "Littoral"): a segment saying only this is no evidence.
GENERIC_REGION_WORDS = {
    'north', 'south', 'east', 'west', 'northern', 'southern', 'eastern', 'western',
    'central', 'centre', 'center', 'north east', 'north west', 'south east', 'south west',
    'northeast', 'northwest', 'southeast', 'southwest', 'capital', 'coast', 'littoral',
    'islands', 'island', 'upper', 'lower', 'middle', 'mid', 'federal', 'national',
    'nacional', 'distrito federal', 'federal district', 'capital district', 'city',
    'metropolitan', 'interior', 'highlands', 'lakes', 'plateau', 'mountains', 'valley',
}

# Share of the population of all cities of a name that one country must hold for
# the name to resolve to it alone (Paris: FR; Cambridge: nobody).
DOMINANCE = 0.75

# Where each language is spoken: a city's local name is read only from the
# catalogues of its own country's languages (Sevilla from es for ES, not the Spanish
# "Antioquia" for Antakya in Turkey).
LANGUAGE_COUNTRIES = {
    'de': 'DE AT CH LI LU BE', 'fr': 'FR BE CH LU MC CA', 'es': 'ES MX AR CO CL PE VE EC GT CU BO DO HN PY SV NI CR PA UY PR',
    'pt': 'PT BR AO MZ', 'it': 'IT CH SM VA', 'nl': 'NL BE', 'sv': 'SE FI', 'da': 'DK',
    'nb': 'NO', 'nn': 'NO', 'no': 'NO', 'fi': 'FI', 'is': 'IS', 'pl': 'PL', 'cs': 'CZ',
    'sk': 'SK', 'hu': 'HU', 'ro': 'RO MD', 'tr': 'TR CY', 'ru': 'RU BY KZ KG', 'uk': 'UA',
    'el': 'GR CY', 'zh': 'CN TW HK MO SG', 'ja': 'JP', 'ko': 'KR KP', 'ca': 'ES AD',
    'gl': 'ES', 'eu': 'ES', 'hr': 'HR BA', 'sr': 'RS BA ME', 'sl': 'SI', 'bg': 'BG',
    'lt': 'LT', 'lv': 'LV', 'et': 'EE', 'id': 'ID', 'ms': 'MY BN SG', 'vi': 'VN',
    'th': 'TH', 'ar': 'EG SA AE IQ JO LB SY MA DZ TN LY QA KW BH OM YE SD', 'fa': 'IR AF',
    'he': 'IL', 'af': 'ZA NA', 'bs': 'BA', 'mk': 'MK', 'sq': 'AL XK', 'ga': 'IE',
    'cy': 'GB',
}

# A first-level subdivision keeps its name against foreign cities of that name when
# its own cities hold this many times their population (see the row builder).
SUBDIV_WEIGHT = 20

# Endings of GeoNames region names that affiliations drop, longest first:
# "Inner Mongolia Autonomous Region" is written "Inner Mongolia", "Guangxi Zhuang
# Autonomous Region" "Guangxi", "Free State of Thuringia" "Thuringia".
REGION_SUFFIXES = (' autonomous region', ' region', ' province',
                   ' prefecture', ' state', ' oblast', ' governorate', ' municipality',
                   ' uyghur', ' uygur', ' zhuang', ' hui')
REGION_PREFIXES = ('free state of ', 'free and hanseatic city of ')

TERRITORY_TYPES = {'Outlying area', 'Special administrative region', 'Overseas collectivity',
                   'Overseas collectivity with special status', 'Overseas region',
                   'Overseas territory', 'Country'}


def ascii_fold(c):
    if c.isalnum():
        return c.lower()
    if c in ".'`":
        return ''
    if c == '&':
        return ' and '
    return ' '


def fold_char(cp):
    """Replacement text for one code point inside FOLD_RANGES."""
    ch = chr(cp)
    if ch in SPECIAL:
        return SPECIAL[ch]
    if ch in DROP:
        return ''
    cat = unicodedata.category(ch)
    if cat == 'Mn':
        return ''
    d = unicodedata.normalize('NFKD', ch)
    base = ''.join(x for x in d if unicodedata.category(x) != 'Mn')
    if base and all(ord(x) < 128 for x in base):
        return ''.join(ascii_fold(x) for x in base)
    if cat[0] in 'L':
        low = ch.lower()
        return low if len(low.encode()) <= 4 else ch
    if cat[0] == 'N':
        return ch
    return ' '


def in_ranges(cp):
    return any(lo <= cp <= hi for lo, hi in FOLD_RANGES)


def normalise(s):
    """Case/accent-folded key: tokens of [a-z0-9 or non-Latin letters] joined by one
    space, leading "the" dropped."""
    out = []
    for ch in s:
        cp = ord(ch)
        if cp < 0x80:
            out.append(ascii_fold(ch))
        elif in_ranges(cp):
            out.append(fold_char(cp))
        else:
            out.append(ch)
    toks = ''.join(out).split()
    if toks and toks[0] == 'the':
        toks = toks[1:]
    return ' '.join(toks)


def usable(key):
    return key != '' and not any(c.isdigit() for c in key)


def region_keys(k):
    """A GeoNames region's key and its shorter forms: each known ending or opening
    removed in turn ("inner mongolia autonomous region", "inner mongolia")."""
    out = []
    while usable(k) and k not in out:
        out.append(k)
        for pre in REGION_PREFIXES:
            if k.startswith(pre):
                k = k[len(pre):]
                break
        else:
            for suf in REGION_SUFFIXES:
                if k.endswith(suf):
                    k = k[:-len(suf)]
                    break
    return out

# ---------------------------------------------------------------- reading data


def name_variants(name):
    """Forms of an ISO name as affiliations write it: 'Korea, Republic of' also as
    'Republic of Korea'; parenthesised remarks dropped; 'A / B' as A and B."""
    out = set()
    base = name
    while '(' in base and ')' in base:
        i, j = base.index('('), base.index(')')
        if j < i:
            break
        base = (base[:i] + base[j + 1:]).strip()
    if '[' in base:
        base = base[:base.index('[')].strip()
    for alt in [name, base]:
        for piece in alt.split(' / '):
            piece = piece.strip()
            if not piece:
                continue
            out.add(piece)
            if ', ' in piece:
                head, tail = piece.split(', ', 1)
                out.add(head)
                out.add(tail + ' ' + head)
    return out


def load_geonames(path):
    g = ctypes.CDLL(path)
    g.geonames_get_n_cities.restype = ctypes.c_int
    g.geonames_get_city.restype = ctypes.c_void_p
    g.geonames_get_city.argtypes = [ctypes.c_int]
    for f in ('name', 'state', 'country_code'):
        fn = getattr(g, 'geonames_city_get_' + f)
        fn.restype = ctypes.c_char_p
        fn.argtypes = [ctypes.c_void_p]
    g.geonames_city_get_population.restype = ctypes.c_uint
    g.geonames_city_get_population.argtypes = [ctypes.c_void_p]
    g.geonames_city_free.argtypes = [ctypes.c_void_p]
    g.geonames_city_free.restype = None
    # A city is a GVariant "(sssssssudd)" whose first field is the GeoNames id, the key
    # of the translated names in the geonames.mo catalogues; GLib reads it.
    glib = ctypes.CDLL(ctypes.util.find_library('glib-2.0') or 'libglib-2.0.so.0')
    glib.g_variant_get_child_value.restype = ctypes.c_void_p
    glib.g_variant_get_child_value.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    glib.g_variant_get_string.restype = ctypes.c_char_p
    glib.g_variant_get_string.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    glib.g_variant_unref.argtypes = [ctypes.c_void_p]
    glib.g_variant_unref.restype = None
    glib.g_variant_get_type_string.restype = ctypes.c_char_p
    glib.g_variant_get_type_string.argtypes = [ctypes.c_void_p]
    cities = []
    for i in range(g.geonames_get_n_cities()):
        c = g.geonames_get_city(i)
        if not c:
            continue
        gid = ''
        if glib.g_variant_get_type_string(c).startswith(b'(s'):
            child = glib.g_variant_get_child_value(c, 0)
            gid = glib.g_variant_get_string(child, None).decode()
            glib.g_variant_unref(child)
        cities.append((g.geonames_city_get_name(c).decode(),
                       (g.geonames_city_get_state(c) or b'').decode(),
                       g.geonames_city_get_country_code(c).decode(),
                       int(g.geonames_city_get_population(c)), gid))
        g.geonames_city_free(c)
    if len(cities) < 1000:
        sys.exit('gen_gazetteer: libgeonames returned only %d cities' % len(cities))
    return cities


def c_str(s):
    out = ['"']
    for b in s.encode():
        if b in (0x22, 0x5c):
            out.append('\\' + chr(b))
        elif 0x20 <= b < 0x7f and b != 0x3f:
            out.append(chr(b))
        else:
            out.append('\\%03o' % b)
    out.append('"')
    return ''.join(out)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_path, alias_path = sys.argv[1], sys.argv[2]
    iso_dir = sys.argv[3] if len(sys.argv) > 3 else '/usr/share/iso-codes/json'
    locale_dir = sys.argv[4] if len(sys.argv) > 4 else '/usr/share/locale'
    geo_lib = sys.argv[5] if len(sys.argv) > 5 else 'libgeonames.so.0'

    iso1 = json.load(open(os.path.join(iso_dir, 'iso_3166-1.json'), encoding='utf-8'))['3166-1']
    iso2 = json.load(open(os.path.join(iso_dir, 'iso_3166-2.json'), encoding='utf-8'))['3166-2']
    codes = {c['alpha_2'] for c in iso1} | {'XK'}

    en = collections.defaultdict(set)      # key -> countries (English ISO names)
    trans = collections.defaultdict(set)   # key -> countries (translations)
    alias = {}                             # key -> country (reviewed)
    state = {}                             # key -> US state code
    subdiv = collections.defaultdict(set)  # key -> countries (ISO 3166-2, regions)
    major = set()                          # keys of first-level subdivisions
    citypop = collections.defaultdict(collections.Counter)  # key -> cc -> population
    drop = set()
    alias_city = {}                        # key -> country: city-states missing as cities
    orgs = {}                              # key -> country of a place-less organisation
    territory = {}

    english_names = {}
    for c in iso1:
        cc = c['alpha_2']
        for field in ('name', 'official_name', 'common_name'):
            if field in c:
                english_names.setdefault(c[field], cc)
                for v in name_variants(c[field]):
                    k = normalise(v)
                    if usable(k):
                        en[k].add(cc)

    for mo in sorted(glob.glob(os.path.join(locale_dir, '*', 'LC_MESSAGES', 'iso_3166-1.mo'))):
        lang = mo.split(os.sep)[-3]
        if lang.split('_')[0].split('@')[0] not in LANGUAGES:
            continue
        try:
            cat = gettext.GNUTranslations(open(mo, 'rb'))._catalog
        except Exception:
            continue
        for msgid, msgstr in cat.items():
            if not isinstance(msgid, str) or msgid not in english_names:
                continue
            cc = english_names[msgid]
            for v in name_variants(msgstr):
                k = normalise(v)
                if usable(k) and len(k) >= 4:
                    trans[k].add(cc)

    for line in open(alias_path, encoding='utf-8'):
        line = line.rstrip('\n')
        if not line or line.startswith('#'):
            continue
        f = line.split('\t')
        if len(f) < 2:
            sys.exit('gen_gazetteer: bad alias line: %r' % line)
        kind, name = f[0], f[1]
        code = f[2] if len(f) > 2 else ''
        k = normalise(name)
        if kind == 'country':
            if code not in codes:
                sys.exit('gen_gazetteer: unknown country %r in %r' % (code, line))
            alias[k] = code
        elif kind == 'state':
            state[k] = code
        elif kind == 'territory':
            territory[name] = code
        elif kind == 'org':
            if code not in codes:
                sys.exit('gen_gazetteer: unknown country %r in %r' % (code, line))
            orgs[k] = code
        elif kind == 'city':
            if code not in codes:
                sys.exit('gen_gazetteer: unknown country %r in %r' % (code, line))
            alias_city[k] = code
        elif kind == 'drop':
            drop.add(k)
        else:
            sys.exit('gen_gazetteer: unknown alias kind %r' % kind)

    us_codes = {}
    for s in iso2:
        cc, sub = s['code'].split('-', 1)
        # A subdivision that is itself an ISO 3166-1 country (CN-HK, US-PR, NL-AW, ...)
        # stands for that territory, which keeps its own code.
        is_terr = (sub in codes and sub != cc and
                   (s['type'] in TERRITORY_TYPES or s['code'] == 'CN-TW'))
        target = sub if is_terr else cc
        if cc == 'US':
            us_codes[sub] = target
        for v in name_variants(s['name']):
            if cc == 'CN':
                toks = v.split()
                while len(toks) > 1 and toks[-1] in ('Sheng', 'Shi', 'Zizhiqu', 'Zhuangzu',
                                                      'Huizi', 'Huizu', 'Uygur'):
                    toks.pop()
                subdiv[normalise(' '.join(toks))].add(target)
            k = normalise(v)
            if not usable(k):
                continue
            if cc == 'US':
                state[k] = sub
            else:
                subdiv[k].add(target)
                if 'parent' not in s:
                    major.add(k)
        if target != cc:
            territory.setdefault(target, cc)

    cities = load_geonames(geo_lib)
    # Local names of the cities (München, Sevilla, Wien, Milano) from the geonames.mo
    # catalogues, GeoNames id -> name, in the languages affiliations are written in.
    local = collections.defaultdict(set)
    for mo in sorted(glob.glob(os.path.join(locale_dir, '*', 'LC_MESSAGES', 'geonames.mo'))):
        lang = mo.split(os.sep)[-3]
        if lang.split('_')[0].split('@')[0] not in LANGUAGES:
            continue
        try:
            cat = gettext.GNUTranslations(open(mo, 'rb'))._catalog
        except Exception:
            continue
        spoken = LANGUAGE_COUNTRIES.get(lang.split('_')[0].split('@')[0], '').split()
        for gid, nm in cat.items():
            if isinstance(gid, str) and gid and isinstance(nm, str):
                local[gid].add((nm, tuple(spoken)))
    local_pop = collections.defaultdict(collections.Counter)
    # (country, region key) -> population of its GeoNames cities: the weight of a
    # first-level subdivision against foreign cities of the same name (Ontario)
    region_pop = collections.Counter()
    for name, region, cc, pop, gid in cities:
        variants = {name}
        # "Freiburg im Breisgau", "Frankfurt am Main", "Newcastle upon Tyne"
        for sep in (' im ', ' am ', ' an der ', ' upon ', ' on ', ' bei ', ' in der '):
            if sep in name:
                variants.add(name.split(sep, 1)[0])
        # Korean and Japanese city names carry the "-si" / "-shi" (city) suffix that
        # affiliations usually drop: "Goyang-si" is written "Goyang"
        for suf in ('-si', '-shi', ' Si', ' Shi'):
            if name.endswith(suf) and len(name) > len(suf) + 2:
                variants.add(name[:-len(suf)])
        low = name.split(' ', 1)
        if low[0] in ('Saint', 'St.', 'St') and len(low) > 1:
            variants |= {'Saint ' + low[1], 'St ' + low[1]}
        for v in list(variants):
            variants |= name_variants(v)
        for v in variants:
            k = normalise(v)
            if usable(k):
                citypop[k][cc] += max(pop, 1)
        for v, spoken in sorted(local.get(gid, ())):
            k = normalise(v)
            if usable(k) and len(k) >= 3 and cc in spoken:
                local_pop[k][cc] = max(local_pop[k][cc], max(pop, 1))
        if region and cc != 'US':
            for v in name_variants(region):
                for k in region_keys(normalise(v)):
                    subdiv[k].add(cc)
                    major.add(k)
                    region_pop[(cc, k)] += max(pop, 1)

    # A local name never overrides a country or state name; a city already known by
    # that name in the same country is not counted twice.
    for k, pops in local_pop.items():
        if k in en or k in trans or k in alias or k in state:
            continue
        for cc, p in pops.items():
            if cc not in citypop[k]:
                citypop[k][cc] = p
    keys = (set(en) | set(trans) | set(alias) | set(state) | set(subdiv) | set(citypop) |
            set(alias_city) | set(orgs))
    rows = []
    for k in sorted(keys):
        if k in drop or not usable(k):
            continue
        country = ''
        cands = collections.OrderedDict()
        if k in alias:
            country = alias[k]
            cands[country] = 1
        elif k in en:
            if len(en[k]) == 1:
                country = next(iter(en[k]))
            for cc in sorted(en[k]):
                cands[cc] = 1
        elif k in trans:
            # A translation that is also an English place name elsewhere is too
            # risky to trust (e.g. a translated country name equal to a city).
            other = citypop.get(k, {})
            if len(trans[k]) == 1 and k not in state and not any(
                    cc not in trans[k] and p >= 50000 for cc, p in other.items()):
                country = next(iter(trans[k]))
            for cc in sorted(trans[k]):
                cands[cc] = 1
        st = state.get(k, '')
        if st:
            cands[us_codes.get(st, 'US')] = 1
        sd = ''
        pops = citypop.get(k, collections.Counter())
        if k in subdiv and k not in GENERIC_REGION_WORDS:
            s = subdiv[k]
            foreign = sum(p for cc, p in pops.items() if cc not in s)
            # A subdivision unique to one country holds its name unless cities of that
            # name elsewhere are large (>= 100,000 people) and weigh more than 5% of
            # the subdivision's own city population: Ontario (CA, 10.9 M) beats
            # Ontario, California (171 k); Victoria (AU, 4.9 M) does not beat
            # Victoria, British Columbia (290 k) and stays ambiguous.
            if len(s) == 1 and (foreign < 100000 or
                                region_pop.get((next(iter(s)), k), 0) >=
                                SUBDIV_WEIGHT * foreign):
                sd = next(iter(s))
            for cc in sorted(s):
                cands[cc] = 1
        city = ''
        city_pop = 0
        if k in alias_city:
            city, city_pop = alias_city[k], 1000000
        elif pops:
            total = sum(pops.values())
            top = pops.most_common()
            if top[0][1] >= DOMINANCE * total:
                city = top[0][0]
                city_pop = top[0][1]
            for cc, _ in top:
                cands[cc] = 1
        cl = list(cands)[:12]
        rows.append((k, country, st, sd, city, ''.join(cl), city_pop,
                     1 if sd and k in major else 0, orgs.get(k, '')))

    terr = sorted((t, p) for t, p in territory.items() if t in codes and p in codes)

    with open(out_path + '.tmp', 'w', encoding='utf-8') as o:
        w = o.write
        w('/* gazetteer_data.c - GENERATED by src/gazetteer/gen_gazetteer.py at build time.\n'
          ' * Do not edit. Sources: iso-codes (ISO 3166-1/-2 names and translations) and\n'
          ' * libgeonames (GeoNames cities, CC-BY 4.0), plus src/gazetteer/aliases.tsv.\n'
          ' */\n#include "gazetteer_internal.h"\n\n')
        # folding table
        w('const coauth_gz_range coauth_gz_fold_ranges[] = {\n')
        off = 0
        for lo, hi in FOLD_RANGES:
            w('    {0x%04X, 0x%04X, %d},\n' % (lo, hi, off))
            off += hi - lo + 1
        w('};\nconst size_t coauth_gz_n_fold_ranges = %d;\n' % len(FOLD_RANGES))
        w('const char coauth_gz_fold[][COAUTH_GZ_FOLD_MAX] = {\n')
        for lo, hi in FOLD_RANGES:
            for cp in range(lo, hi + 1):
                r = fold_char(cp)
                if len(r.encode()) >= 8:
                    sys.exit('gen_gazetteer: fold of U+%04X too long' % cp)
                w('    %s,\n' % c_str(r))
        w('};\n\n')
        w('const coauth_gz_name coauth_gz_names[] = {\n')
        for k, country, st, sd, city, cl, cpop, mj, org in rows:
            w('    {%s, "%s", "%s", "%s", "%s", "%s", %d, %d, "%s"},\n' % (
                c_str(k), country, st, sd, city, cl, cpop, mj, org))
        w('};\nconst size_t coauth_gz_n_names = %d;\n\n' % len(rows))
        w('const coauth_gz_pair coauth_gz_us_states[] = {\n')
        for sub in sorted(us_codes):
            if len(sub) == 2:
                w('    {"%s", "%s"},\n' % (sub, us_codes[sub]))
        w('};\nconst size_t coauth_gz_n_us_states = %d;\n\n' % sum(1 for s in us_codes if len(s) == 2))
        w('const coauth_gz_pair coauth_gz_territories[] = {\n')
        for t, p in terr:
            w('    {"%s", "%s"},\n' % (t, p))
        w('};\nconst size_t coauth_gz_n_territories = %d;\n\n' % len(terr))
        w('const char coauth_gz_countries[] = "%s";\n' % ''.join(sorted(codes)))
    os.replace(out_path + '.tmp', out_path)


if __name__ == '__main__':
    main()
