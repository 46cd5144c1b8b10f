/* numbers: integer literals libconfig 1.5 would silently truncate.
 *
 * libconfig 1.5 reads a decimal integer with atoi() and a hexadecimal one
 * into an int, so 4294967296 becomes 0 and 0x100000000 becomes 0 without a
 * word.  Before libconfig sees a policy, its text is scanned here (strings
 * and comments skipped) and every integer literal that does not fit its
 * type is reported at its line: a plain integer must fit in 32 bits signed,
 * a plain hex literal in 32 bits unsigned, an L-suffixed one in 64 bits.
 */
#ifndef PRESEAL_NUMBERS_H
#define PRESEAL_NUMBERS_H

#include <stddef.h>

#include "diag.h"

/* Returns the number of literals reported. */
size_t numbers_check_text(const char *text, size_t length, const char *file,
			  struct diag_list *diags);

#endif
