/* text.c - the text before segmentation: case and accent folding (the gazetteer's
 * keys are folded by the same table), e-mail addresses and their labels, numbered
 * labels, trimming of parts.
 *
 * Invariant: everything works in place on the caller's working copy or into buffers
 * the caller sized; nothing allocates.
 */
#include "resolve_internal.h"

#include <string.h>

/* --------------------------------------------------------------- normalising */

/* ASCII folding: a letter or digit maps to itself in lower case, ' . ` vanish (0),
 * '&' becomes " and " (1), everything else a space. */
enum { FOLD_DROP = 0, FOLD_AND = 1 };

static const unsigned char ascii_fold[128] = {
#define SP ' '
    SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,
    SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,  SP,
    1,   0,   SP,  SP,  SP,  SP,  SP,  SP,  0,   SP,  '0', '1', '2', '3', '4', '5', '6', '7', '8',
    '9', SP,  SP,  SP,  SP,  SP,  SP,  SP,  'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k',
    'l', 'm', 'n', 'o', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', SP,  SP,  SP,  SP,
    SP,  0,   'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p', 'q',
    'r', 's', 't', 'u', 'v', 'w', 'x', 'y', 'z', SP,  SP,  SP,  SP,  SP,
#undef SP
};

/* Fold text[0..n) into out (capacity >= 8 * n + 8): lower case, accents removed,
 * punctuation to spaces, '.' and apostrophes removed, '&' -> " and "; spaces are
 * collapsed and the result trimmed. Returns the length written; *wide is set when the
 * text holds a character of three or more UTF-8 bytes (CJK). Same rules as
 * normalise() in gen_gazetteer.py (minus its leading-"the" rule, applied by callers). */
size_t coauth_fold_text(const char *text, size_t n, char *out, bool *wide)
{
    size_t o = 0;
    bool space = true; /* at start: drop leading spaces */
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)text[i];
        const char *rep;
        if (c < 0x80) {
            unsigned char f = ascii_fold[c];
            i++;
            if (f > ' ') {
                out[o++] = (char)f;
                space = false;
                continue;
            }
            if (f == ' ') {
                if (!space) {
                    out[o++] = ' ';
                    space = true;
                }
                continue;
            }
            if (f == FOLD_DROP)
                continue;
            rep = " and ";
        } else {
            uint32_t cp = 0;
            size_t len = 0;
            if (c >= 0xC2 && c < 0xE0)
                len = 2, cp = c & 0x1F;
            else if (c >= 0xE0 && c < 0xF0)
                len = 3, cp = c & 0x0F;
            else if (c >= 0xF0 && c < 0xF5)
                len = 4, cp = c & 0x07;
            bool ok = len > 0 && i + len <= n;
            for (size_t k = 1; ok && k < len; k++) {
                unsigned char cc = (unsigned char)text[i + k];
                if ((cc & 0xC0) != 0x80)
                    ok = false;
                else
                    cp = (cp << 6) | (cc & 0x3F);
            }
            if (!ok) {
                /* invalid UTF-8: keep the byte as it is */
                out[o++] = (char)c;
                space = false;
                i++;
                continue;
            }
            if (len >= 3)
                *wide = true;
            rep = NULL;
            for (size_t k = 0; k < coauth_gz_n_fold_ranges; k++) {
                const coauth_gz_range *rg = &coauth_gz_fold_ranges[k];
                if (cp >= rg->lo && cp <= rg->hi) {
                    rep = coauth_gz_fold[rg->off + (cp - rg->lo)];
                    break;
                }
            }
            if (!rep) {
                memcpy(out + o, text + i, len);
                o += len;
                space = false;
                i += len;
                continue;
            }
            i += len;
        }
        for (; *rep; rep++) {
            if (*rep == ' ') {
                if (!space) {
                    out[o++] = ' ';
                    space = true;
                }
            } else {
                out[o++] = *rep;
                space = false;
            }
        }
    }
    if (o > 0 && out[o - 1] == ' ')
        o--;
    return o;
}

static bool is_email_char(char c)
{
    return !is_space(c) && c != ',' && c != ';' && c != '(' && c != ')' && c != '<' && c != '>' &&
           c != '[' && c != ']' && c != '"';
}

/* Blank out e-mail addresses and their labels in w[0..n), recording each one's
 * country-code domain. Returns the number of e-mails recorded. */
size_t coauth_strip_emails(const coauth_resolver *r, char *w, size_t n, email *em)
{
    size_t ne = 0;
    static const char *const labels[] = {"electronic address:", "electronic address",
                                         "e-mail:", "email:", "e-mail address:"};
    for (size_t i = 0; i < n; i++) {
        if (w[i] == 'E' || w[i] == 'e') {
            for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++) {
                if (ieq_prefix(w + i, w + n, labels[k]) &&
                    (i == 0 || !is_email_char(w[i - 1]) || w[i - 1] == '.')) {
                    memset(w + i, ' ', strlen(labels[k]));
                    break;
                }
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (w[i] != '@')
            continue;
        size_t a = i, b = i + 1;
        while (a > 0 && is_email_char(w[a - 1]))
            a--;
        while (b < n && is_email_char(w[b]))
            b++;
        size_t e = b;
        while (e > i + 1 && (w[e - 1] == '.' || w[e - 1] == ':'))
            e--;
        /* top-level domain */
        size_t d = e;
        while (d > i + 1 && w[d - 1] != '.')
            d--;
        char cc[3] = "";
        if (d > i + 1 && e - d == 2) {
            char c0 = w[d], c1 = w[d + 1];
            if (c0 >= 'a' && c0 <= 'z')
                c0 = (char)(c0 - 32);
            if (c1 >= 'a' && c1 <= 'z')
                c1 = (char)(c1 - 32);
            cc[0] = c0;
            cc[1] = c1;
            cc[2] = '\0';
            if (cc[0] == 'U' && cc[1] == 'K')
                cc[1] = 'B', cc[0] = 'G';
            int k = cc_index(cc);
            if (k < 0 || !r->valid_cc[k])
                cc[0] = '\0';
        } else if (e - d == 3 &&
                   (ieq_prefix(w + d, w + e, "edu") || ieq_prefix(w + d, w + e, "gov") ||
                    ieq_prefix(w + d, w + e, "mil"))) {
            memcpy(cc, "US", 3);
        }
        if (ne < MAX_EMAILS && cc[0]) {
            em[ne].pos = a;
            memcpy(em[ne].cc, cc, 3);
            ne++;
        }
        memset(w + a, ' ', b - a);
        i = b;
    }
    return ne;
}

/* Does w[i..) start a numbered label such as "[2]" or "2]" at a word start? Returns its
 * length, 0 if not. */
size_t coauth_bracket_label(const char *w, size_t i, size_t n)
{
    size_t j = i;
    if (j < n && w[j] == '[')
        j++;
    size_t d = j;
    while (j < n && j - d < 3 && w[j] >= '0' && w[j] <= '9')
        j++;
    if (j == d || j >= n || w[j] != ']')
        return 0;
    if (i > 0 && !is_space(w[i - 1]) && w[i - 1] != ';' && w[i] != '[')
        return 0;
    return j + 1 - i;
}

/* ------------------------------------------------------------ numbered labels */

enum label_style { LABEL_PLAIN, LABEL_PAREN, LABEL_CLOSE, LABEL_SUP };

/* Value of the superscript digit at w[i..n) (¹ ² ³ U+00B9/B2/B3, U+2070..2079), or -1;
 * its byte length in *len. */
static int sup_digit(const char *w, size_t i, size_t n, size_t *len)
{
    const unsigned char *u = (const unsigned char *)w + i;
    if (i + 1 < n && u[0] == 0xC2 && (u[1] == 0xB9 || u[1] == 0xB2 || u[1] == 0xB3)) {
        *len = 2;
        return u[1] == 0xB9 ? 1 : u[1] - 0xB0;
    }
    if (i + 2 < n && u[0] == 0xE2 && u[1] == 0x81 &&
        (u[2] == 0xB0 || (u[2] >= 0xB4 && u[2] <= 0xB9))) {
        *len = 3;
        return u[2] - 0xB0;
    }
    return -1;
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_lower(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Does a label of `style` numbered `want` start at w[i..n)? Returns its length (the
 * label and the blank after it), 0 if not. What follows must start a name: a capital
 * then a small letter ("2 Department", "2Department"; never "3D printing" or "2 MW"),
 * or, after a bracketed or superscript label, any letter. */
static size_t label_at(const char *w, size_t i, size_t n, enum label_style style, int want)
{
    size_t j = i, dl = 0;
    int v = 0;
    if (style == LABEL_SUP) {
        int d;
        size_t l = 0;
        while (j < n && dl < 2 && (d = sup_digit(w, j, n, &l)) >= 0) {
            v = v * 10 + d;
            j += l;
            dl++;
        }
    } else {
        if (style == LABEL_PAREN) {
            if (j >= n || w[j] != '(')
                return 0;
            j++;
        }
        while (j < n && dl < 2 && w[j] >= '0' && w[j] <= '9') {
            v = v * 10 + (w[j++] - '0');
            dl++;
        }
        if (j < n && w[j] >= '0' && w[j] <= '9')
            return 0;
        if (style != LABEL_PLAIN) {
            if (j >= n || w[j] != ')')
                return 0;
            j++;
        }
    }
    if (dl == 0 || v != want)
        return 0;
    bool blank = false;
    while (j < n && w[j] == ' ') {
        j++;
        blank = true;
    }
    if (j + 1 >= n)
        return 0;
    if (style == LABEL_PLAIN && !(is_upper(w[j]) && is_lower(w[j + 1])))
        return 0;
    if (style == LABEL_CLOSE && !blank)
        return 0;
    if (style != LABEL_PLAIN && !is_upper(w[j]) && !is_lower(w[j]) && (unsigned char)w[j] < 0x80)
        return 0;
    return j - i;
}

/* Is w[b..e) the word lit (lower case), ignoring case? */
static bool word_is(const char *w, size_t b, size_t e, const char *lit)
{
    return e - b == strlen(lit) && ieq_prefix(w + b, w + e, lit);
}

/* Is the label at w[i] preceded by the end of an affiliation? A plain number needs ". "
 * or "; " before it, and not after a number sign ("No. 2 People's Hospital", "N. 2
 * Road"); a bracketed or superscript number needs a blank or , . ; before it
 * ("Unit(2)", "m²" are no labels). */
static bool label_boundary(const char *w, size_t i, enum label_style style)
{
    size_t k = i;
    while (k > 0 && w[k - 1] == ' ')
        k--;
    if (k == 0)
        return false;
    char c = w[k - 1];
    bool punct = c == '.' || c == ',' || c == ';';
    if (style == LABEL_SUP)
        return k < i || punct;
    if (k == i)
        return false;
    if (style != LABEL_PLAIN || c == ';')
        return true;
    if (c != '.')
        return false;
    size_t e = k - 1, b = e;
    while (b > 0 && (is_upper(w[b - 1]) || is_lower(w[b - 1])))
        b--;
    return !(word_is(w, b, e, "n") || word_is(w, b, e, "no") || word_is(w, b, e, "nr") ||
             word_is(w, b, e, "nos"));
}

/* Numbered affiliations: "1 Dept A, ..., USA. 2 Dept B, ..., China.", "(1) ... (2) ...",
 * "1) ... 2) ...", "¹Dept A ... ²Dept B". Only when the text opens with label 1 are the
 * labels 2, 3, ... searched, each in turn and in order, after the end of the previous
 * affiliation; each found label is replaced by ';' (and blanks), the first by blanks, so
 * the part split below sees an ordinary ';'. The text keeps its length. */
void coauth_mark_numbered_labels(char *w, size_t n)
{
    size_t i = 0;
    while (i < n && w[i] == ' ')
        i++;
    static const enum label_style styles[] = {LABEL_PAREN, LABEL_CLOSE, LABEL_SUP, LABEL_PLAIN};
    enum label_style style = LABEL_PLAIN;
    size_t l = 0;
    for (size_t k = 0; k < sizeof styles / sizeof styles[0] && !l; k++) {
        style = styles[k];
        l = label_at(w, i, n, style, 1);
    }
    if (!l)
        return;
    /* the second label must exist, else the first is left to trim_part */
    int want = 2;
    size_t first = i, first_len = l;
    for (size_t j = i + l; j < n; j++) {
        char c = w[j];
        if (!(c >= '0' && c <= '9') && c != '(' && (unsigned char)c != 0xC2 &&
            (unsigned char)c != 0xE2)
            continue;
        if (style == LABEL_PLAIN && j > 0 && w[j - 1] != ' ')
            continue;
        size_t m = label_at(w, j, n, style, want);
        if (!m || !label_boundary(w, j, style))
            continue;
        if (want == 2)
            memset(w + first, ' ', first_len);
        w[j] = ';';
        memset(w + j + 1, ' ', m - 1);
        want++;
        j += m - 1;
    }
}

/* Trim a part: spaces, leading labels (digits fused to a capital letter, "*", "†",
 * "a ", "1) "), a leading "and ". */
void coauth_trim_part(const char *w, size_t *a, size_t *b)
{
    size_t s = *a, e = *b;
    for (;;) {
        while (s < e && (is_space(w[s]) || w[s] == '*' || w[s] == ',' || w[s] == '.' ||
                         w[s] == ':' || w[s] == '|'))
            s++;
        /* † ‡ § and superscript digits */
        if (e - s >= 3 && (unsigned char)w[s] == 0xE2 && (unsigned char)w[s + 1] == 0x80 &&
            ((unsigned char)w[s + 2] == 0xA0 || (unsigned char)w[s + 2] == 0xA1)) {
            s += 3;
            continue;
        }
        if (e - s >= 2 && (unsigned char)w[s] == 0xC2 &&
            ((unsigned char)w[s + 1] == 0xA7 || (unsigned char)w[s + 1] == 0xB9 ||
             (unsigned char)w[s + 1] == 0xB2 || (unsigned char)w[s + 1] == 0xB3)) {
            s += 2;
            continue;
        }
        size_t d = s;
        while (d < e && w[d] >= '0' && w[d] <= '9')
            d++;
        if (d > s && d - s <= 3 && d < e && w[d] >= 'A' && w[d] <= 'Z') {
            s = d; /* "3Van der Waals": footnote digits fused to the text */
            continue;
        }
        if (d > s && d - s <= 3 && d < e && (w[d] == ')' || w[d] == ']')) {
            s = d + 1;
            continue;
        }
        if (e - s > 4 && ieq_prefix(w + s, w + e, "and ")) {
            s += 4;
            continue;
        }
        break;
    }
    while (e > s && (is_space(w[e - 1]) || w[e - 1] == '.' || w[e - 1] == ',' || w[e - 1] == ':'))
        e--;
    *a = s;
    *b = e;
}
