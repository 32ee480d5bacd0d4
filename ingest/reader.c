/* reader.c - the format table: which reader rules a document gets, chosen by its
 * root element (never by the file name). A new format is one file with one
 * coauth_format and one row here.
 */
#include "xmlreader_internal.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>

static const coauth_format *const formats[] = {
    &coauth_format_pubmed,
    &coauth_format_jats,
};
#define N_FORMATS (sizeof formats / sizeof formats[0])

const coauth_format *coauth_format_detect(const xmlChar *local, const xmlChar *uri)
{
    for (size_t i = 0; i < N_FORMATS; i++)
        if (formats[i]->detect(local, uri))
            return formats[i];
    return NULL;
}

static char names[256];
static pthread_once_t names_once = PTHREAD_ONCE_INIT;

static void join_names(void)
{
    size_t o = 0;
    for (size_t i = 0; i < N_FORMATS && o < sizeof names; i++) {
        int n = snprintf(names + o, sizeof names - o, "%s%s", i ? " or " : "", formats[i]->name);
        if (n > 0)
            o += (size_t)n;
    }
}

const char *coauth_format_names(void)
{
    pthread_once(&names_once, join_names);
    return names;
}
