/* diag: diagnostics that carry their story up.
 *
 * Collects messages with the file and line they concern.  Allocation
 * failures never lose the fact that something failed: out_of_memory is set
 * and diag_failed() reports it.  Nothing here prints unless asked.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

void diag_addv(struct diag_list *list, enum diag_severity severity, const char *file, int line,
	       const char *format, va_list args)
{
	struct diag entry = { .severity = severity, .line = line };

	if (severity == DIAG_ERROR)
		list->errors++;
	if (GROW(list->items, list->count, list->capacity, 8) < 0)
		goto lost;
	if (vasprintf(&entry.message, format, args) < 0)
		goto lost;
	if (file) {
		entry.file = strdup(file);
		if (!entry.file) {
			free(entry.message);
			goto lost;
		}
	}
	list->items[list->count++] = entry;
	return;
lost:
	list->out_of_memory = 1;
}

void diag_add(struct diag_list *list, enum diag_severity severity, const char *file, int line,
	      const char *format, ...)
{
	va_list args;

	va_start(args, format);
	diag_addv(list, severity, file, line, format, args);
	va_end(args);
}

int diag_failed(const struct diag_list *list)
{
	return list->errors > 0 || list->out_of_memory;
}

int diag_format(const struct diag *entry, char *buffer, size_t size)
{
	const char *kind = entry->severity == DIAG_WARNING ? "warning: " : "";

	if (entry->file && entry->line > 0)
		return snprintf(buffer, size, "%s:%d: %s%s", entry->file, entry->line, kind,
				entry->message);
	if (entry->file)
		return snprintf(buffer, size, "%s: %s%s", entry->file, kind, entry->message);
	return snprintf(buffer, size, "%s%s", kind, entry->message);
}

void diag_print(const struct diag_list *list, FILE *stream, const char *prefix)
{
	char line[1024];

	for (size_t i = 0; i < list->count; i++) {
		diag_format(&list->items[i], line, sizeof(line));
		fprintf(stream, "%s%s\n", prefix ? prefix : "", line);
	}
	if (list->out_of_memory)
		fprintf(stream, "%sout of memory while reporting errors\n", prefix ? prefix : "");
}

void diag_free(struct diag_list *list)
{
	for (size_t i = 0; i < list->count; i++) {
		free(list->items[i].file);
		free(list->items[i].message);
	}
	free(list->items);
	*list = (struct diag_list){ 0 };
}
