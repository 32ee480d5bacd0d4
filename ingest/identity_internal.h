/* identity_internal.h - file identity and NLM's FILE.md5 (identity.c), for the
 * ingest driver.
 */
#ifndef COAUTH_IDENTITY_INTERNAL_H
#define COAUTH_IDENTITY_INTERNAL_H

#include <coauth/error.h>

#include <stdint.h>

/* Size and checksum of the file, and its MD5 (33 bytes, hex) when out_md5 is not NULL:
 * one pass. */
COAUTH_NODISCARD coauth_status coauth_file_identity_md5(const char *path, uint64_t *out_size,
                                                        char out_checksum[64], char *out_md5,
                                                        coauth_error *err);
/* NLM's FILE.md5 beside `path`: *out_found 0 when there is none; otherwise want[] gets
 * its 32 hex digits (lower case). */
COAUTH_NODISCARD coauth_status coauth_read_md5_file(const char *path, int *out_found, char want[33],
                                                    coauth_error *err);
/* The error for a file whose MD5 is not its FILE.md5's. */
coauth_status coauth_md5_mismatch(const char *path, const char *got, const char *want,
                                  coauth_error *err);

#endif
