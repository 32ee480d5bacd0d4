/* coauth.h - umbrella header of the coauth library and its global set-up.
 *
 * Invariant: coauth_lib_init() is called once per process before any other call
 * (the CLI, every test suite's init and every fuzzer's LLVMFuzzerInitialize do so);
 * it installs igraph handlers that never abort and initialises libxml2 once.
 */
#ifndef COAUTH_COAUTH_H
#define COAUTH_COAUTH_H

#include <coauth/error.h>
#include <coauth/ingest.h>
#include <coauth/md5.h>
#include <coauth/plot.h>
#include <coauth/population.h>
#include <coauth/query.h>
#include <coauth/reader.h>
#include <coauth/record.h>
#include <coauth/resolve.h>
#include <coauth/ror.h>
#include <coauth/store.h>
#include <coauth/strtab.h>
#include <coauth/write.h>

#ifdef __cplusplus
extern "C" {
#endif

#define COAUTH_VERSION "0.1.0"

/* One-time process set-up: igraph error and warning handlers that record the reason
 * instead of aborting, libxml2 parser initialisation. Idempotent and thread-safe.
 * Returns COAUTH_OK. */
COAUTH_NODISCARD coauth_status coauth_lib_init(coauth_error *err);

/* Version strings of coauth and of the libraries linked at run time. Static strings. */
const char *coauth_version(void);
const char *coauth_zlib_version(void);
const char *coauth_libxml2_version(void);
const char *coauth_igraph_version(void);
const char *coauth_sqlite_version(void);

/* The last igraph error reason recorded by coauth's handler (thread-local); "" when
 * none. Valid until the next igraph call on this thread. */
const char *coauth_igraph_reason(void);

#ifdef __cplusplus
}
#endif
#endif
