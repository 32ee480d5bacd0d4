/* md5.h - MD5 (RFC 1321), for the file identity NLM publishes beside each file
 * (FILE.md5: "MD5(name)= hex"). Not for security: only to tell a damaged or different
 * download from the one NLM listed.
 *
 * Invariant: any split of the same bytes into coauth_md5_update() calls gives the same
 * digest. No allocation; the context lives wherever the caller puts it.
 */
#ifndef COAUTH_MD5_H
#define COAUTH_MD5_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct coauth_md5 {
    uint32_t state[4];
    uint64_t bytes; /* total length so far */
    unsigned char buf[64];
} coauth_md5;

void coauth_md5_init(coauth_md5 *m);
void coauth_md5_update(coauth_md5 *m, const void *data, size_t len);
/* The digest as 32 lower-case hex digits and a NUL; `m` must be re-initialised after. */
void coauth_md5_final_hex(coauth_md5 *m, char out[33]);

#ifdef __cplusplus
}
#endif
#endif
