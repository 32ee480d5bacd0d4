/* lib.c - process-wide set-up (igraph handlers, libxml2 init) and version strings.
 *
 * Invariant: after coauth_lib_init(), no igraph error aborts the process: the handler
 * records the reason in a thread-local buffer and frees igraph's FINALLY stack, and
 * the calling code turns the returned igraph_error_t into a coauth_status.
 */
#include <coauth/coauth.h>

#include "store_read.h"

#include <igraph.h>
#include <libxml/parser.h>
#include <libxml/xmlversion.h>
#include <pthread.h>
#include <stdio.h>
#include <zlib.h>

static _Thread_local char ig_reason[256];

static void ig_error_handler(const char *reason, const char *file, int line,
                             igraph_error_t igraph_errno)
{
    snprintf(ig_reason, sizeof ig_reason, "%s (%s, %s:%d)", reason ? reason : "igraph error",
             igraph_strerror(igraph_errno), file ? file : "?", line);
    IGRAPH_FINALLY_FREE();
}

static void ig_warning_handler(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

static void init_once(void)
{
    coauth_store_process_init();
    igraph_set_error_handler(ig_error_handler);
    igraph_set_warning_handler(ig_warning_handler);
    xmlInitParser();
}

static pthread_once_t once = PTHREAD_ONCE_INIT;

coauth_status coauth_lib_init(coauth_error *err)
{
    (void)err;
    pthread_once(&once, init_once);
    /* igraph's handlers are per thread when igraph is built thread-safe (Debian's is):
     * install them on the calling thread too. */
    igraph_set_error_handler(ig_error_handler);
    igraph_set_warning_handler(ig_warning_handler);
    return COAUTH_OK;
}

const char *coauth_igraph_reason(void)
{
    return ig_reason;
}

const char *coauth_version(void)
{
    return COAUTH_VERSION;
}

const char *coauth_zlib_version(void)
{
    return zlibVersion();
}

const char *coauth_libxml2_version(void)
{
    /* xmlParserVersion is "20914"; LIBXML_DOTTED_VERSION is the compile-time one. */
    static _Thread_local char buf[32];
    int v = 0;
    if (sscanf(xmlParserVersion, "%d", &v) != 1)
        return LIBXML_DOTTED_VERSION;
    snprintf(buf, sizeof buf, "%d.%d.%d", v / 10000, (v / 100) % 100, v % 100);
    return buf;
}

const char *coauth_igraph_version(void)
{
    const char *s = NULL;
    igraph_version(&s, NULL, NULL, NULL);
    return s ? s : "unknown";
}
