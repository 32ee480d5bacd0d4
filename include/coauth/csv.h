/* csv.h - the former name of coauth/write.h, kept so that code including it still
 * builds; include <coauth/write.h> instead. */
#ifndef COAUTH_CSV_H
#define COAUTH_CSV_H
#include <coauth/write.h>
#endif
