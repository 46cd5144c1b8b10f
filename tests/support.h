/* support: helpers several suites share. */
#ifndef PRESEAL_TEST_SUPPORT_H
#define PRESEAL_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* Every entry of DIAGS as "[FILE:LINE: message] …", for failure messages. */
void test_show_diags(const struct diag_list *diags, char *buffer, size_t size);

/* True when DIAGS holds an error at FILE:LINE (FILE NULL: an entry with no
 * file) whose message contains NEEDLE. */
bool test_has_diag(const struct diag_list *diags, const char *file, int line, const char *needle);

/* True when the libseccomp linked in is older than MAJOR.MINOR.MICRO. */
bool test_libseccomp_older_than(unsigned major, unsigned minor, unsigned micro);

#endif
