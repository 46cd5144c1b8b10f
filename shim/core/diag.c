/* diag: diagnostics that carry their story up.
 *
 * Collects messages with the file and line they concern.  Allocation
 * failures never lose the fact that something failed: out_of_memory is set
 * and diag_failed() reports it.  Nothing here prints unless asked.
 *
 * Messages quote what a policy says, and a policy may hold anything: every
 * control character and every byte that is not valid UTF-8 is kept as
 * \xNN, so a message can neither drive the terminal nor garble it.
 */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#include "grow.h"

/* The length of the valid UTF-8 sequence at TEXT (a printable ASCII
 * character is 1), or 0 when the byte there must be escaped. */
static size_t printable_length(const unsigned char *text)
{
	size_t length;

	if (*text >= 0x20 && *text < 0x7f)
		return 1;
	if (*text >= 0xc2 && *text <= 0xdf)
		length = 2;
	else if (*text >= 0xe0 && *text <= 0xef)
		length = 3;
	else if (*text >= 0xf0 && *text <= 0xf4)
		length = 4;
	else
		return 0;
	for (size_t i = 1; i < length; i++)
		if ((text[i] & 0xc0) != 0x80)
			return 0;
	return length;
}

/* TEXT with what printable_length() refuses written as \xNN, or NULL. */
static char *printable(const char *text)
{
	const unsigned char *at = (const unsigned char *)text;
	char *copy = malloc(strlen(text) * 4 + 1), *out = copy;

	while (copy && *at) {
		size_t length = printable_length(at);

		if (length) {
			memcpy(out, at, length);
			out += length;
			at += length;
		} else {
			out += sprintf(out, "\\x%02x", *at++);
		}
	}
	if (copy)
		*out = '\0';
	return copy;
}

void diag_addv(struct diag_list *list, enum diag_severity severity, const char *file, int line,
	       const char *format, va_list args)
{
	struct diag entry = { .severity = severity, .line = line };

	if (severity == DIAG_ERROR)
		list->errors++;
	if (GROW(list->items, list->count, list->capacity, 8) < 0)
		goto lost;
	char *raw;

	if (vasprintf(&raw, format, args) < 0)
		goto lost;
	entry.message = printable(raw);
	free(raw);
	if (!entry.message)
		goto lost;
	if (file) {
		entry.file = printable(file);
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
