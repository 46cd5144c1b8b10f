/* diag: diagnostics that carry their story up.
 *
 * Every stage (reading, modelling, compiling, verifying) reports what went
 * wrong into one list, each entry tied to the policy file and line it came
 * from, so the user sees all problems at once as "FILE:LINE: message".  This
 * module never prints unless asked to and never exits.
 */
#ifndef PRESEAL_DIAG_H
#define PRESEAL_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

enum diag_severity { DIAG_ERROR, DIAG_WARNING };

struct diag {
	enum diag_severity severity;
	char *file; /* NULL when the message is not about a file */
	int line;   /* 0 when unknown */
	char *message;
};

struct diag_list {
	struct diag *items;
	size_t count;
	size_t capacity;
	size_t errors;
	int out_of_memory; /* an entry could not be recorded */
};

void diag_add(struct diag_list *list, enum diag_severity severity, const char *file, int line,
	      const char *format, ...) __attribute__((format(printf, 5, 6)));
void diag_addv(struct diag_list *list, enum diag_severity severity, const char *file, int line,
	       const char *format, va_list args);

#define diag_error(list, file, line, ...) diag_add((list), DIAG_ERROR, (file), (line), __VA_ARGS__)
#define diag_warning(list, file, line, ...) \
	diag_add((list), DIAG_WARNING, (file), (line), __VA_ARGS__)

/* True when the list holds an error, or an entry was lost for lack of memory. */
int diag_failed(const struct diag_list *list);

/* Formats one entry as "FILE:LINE: message" (or "FILE: message", "message"). */
int diag_format(const struct diag *entry, char *buffer, size_t size);

/* Writes every entry, one a line, each prefixed by PREFIX (e.g. "preseal: "). */
void diag_print(const struct diag_list *list, FILE *stream, const char *prefix);

void diag_free(struct diag_list *list);

/* Quoting what the user wrote: at most DIAG_QUOTE_MAX bytes of TEXT, then
 * "…" when there was more.  For "'%.*s%s'" formats. */
#define DIAG_QUOTE_MAX	 64
#define DIAG_QUOTE(text) DIAG_QUOTE_MAX, (text), (strlen(text) > DIAG_QUOTE_MAX ? "..." : "")

#endif
