/* numbers: integer literals libconfig 1.5 would silently truncate.
 *
 * A small scanner that knows just enough of libconfig's lexical rules
 * (strings with escapes, the three comment forms, names that contain digits
 * or '-') to find integer literals and check their range.  It also reports
 * a block comment that is never closed, which libconfig 1.5 silently takes
 * as the end of the file, dropping every setting after it.  It reports; it
 * never changes the text.
 */
#include "numbers.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct scanner {
	const char *text;
	size_t length;
	size_t at;
	int line;
	const char *file;
	struct diag_list *diags;
	size_t reported;
};

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '*' || c == '.';
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static char peek(const struct scanner *scanner, size_t ahead)
{
	return scanner->at + ahead < scanner->length ? scanner->text[scanner->at + ahead] : '\0';
}

static void advance(struct scanner *scanner)
{
	if (scanner->text[scanner->at] == '\n')
		scanner->line++;
	scanner->at++;
}

/* Moves past the next END; false when the text ends first. */
static bool skip_until(struct scanner *scanner, const char *end)
{
	size_t end_length = strlen(end);

	while (scanner->at < scanner->length &&
	       !(scanner->length - scanner->at >= end_length &&
		 memcmp(scanner->text + scanner->at, end, end_length) == 0))
		advance(scanner);
	if (scanner->at == scanner->length)
		return false;
	for (size_t i = 0; i < end_length && scanner->at < scanner->length; i++)
		advance(scanner);
	return true;
}

static void skip_block_comment(struct scanner *scanner)
{
	int opened = scanner->line;

	/* Past the opening slash and star: a slash right after them does not close. */
	advance(scanner);
	advance(scanner);
	if (skip_until(scanner, "*/"))
		return;
	scanner->reported++;
	diag_error(scanner->diags, scanner->file, opened,
		   "this /* comment is never closed: everything after it would be ignored");
}

static void skip_string(struct scanner *scanner)
{
	/* Past the opening slash and star: a slash right after them does not close. */
	advance(scanner);
	while (scanner->at < scanner->length && scanner->text[scanner->at] != '"') {
		if (scanner->text[scanner->at] == '\\' && scanner->at + 1 < scanner->length)
			advance(scanner);
		advance(scanner);
	}
	if (scanner->at < scanner->length)
		advance(scanner);
}

static void report(struct scanner *scanner, const char *literal, size_t length, const char *why)
{
	scanner->reported++;
	diag_error(scanner->diags, scanner->file, scanner->line, "%.*s %s",
		   (int)(length > 40 ? 40 : length), literal, why);
}

/* Checks one literal starting at the scanner's position and moves past it. */
static void check_literal(struct scanner *scanner)
{
	const char *start = scanner->text + scanner->at;
	size_t length = 0, digits_end;
	bool hex, negative = start[0] == '-', wide;
	char buffer[80];
	char *end;

	if (start[0] == '-' || start[0] == '+')
		length++;
	hex = start[length] == '0' && (start[length + 1] == 'x' || start[length + 1] == 'X') &&
	      scanner->at + length + 2 <= scanner->length;
	if (hex)
		length += 2;
	while (scanner->at + length < scanner->length &&
	       (hex ? strchr("0123456789abcdefABCDEF", start[length]) != NULL && start[length]
		    : is_digit(start[length])))
		length++;
	digits_end = length;
	/* A float ("1.5", "1e3") is libconfig's business, not ours. */
	if (!hex && scanner->at + length < scanner->length &&
	    (start[length] == '.' || start[length] == 'e' || start[length] == 'E')) {
		scanner->at += length;
		return;
	}
	wide = scanner->at + length < scanner->length && start[length] == 'L';
	while (scanner->at + length < scanner->length && start[length] == 'L')
		length++;
	scanner->at += length;
	if (digits_end >= sizeof(buffer)) {
		report(scanner, start, length, "is too long to be a number");
		return;
	}
	memcpy(buffer, start, digits_end);
	buffer[digits_end] = '\0';
	errno = 0;
	if (hex && negative) {
		report(scanner, start, length,
		       "is a negative hexadecimal number, which libconfig "
		       "misreads; write it in decimal");
	} else if (hex) {
		unsigned long long value = strtoull(buffer, &end, 16);

		if (errno == ERANGE)
			report(scanner, start, length, "does not fit in 64 bits");
		else if (!wide && value > UINT32_MAX)
			report(scanner, start, length,
			       "does not fit in 32 bits: add an L suffix (0x...L) or write it as a "
			       "string \"0x...\"");
	} else {
		long long value = strtoll(buffer, &end, 10);

		if (errno == ERANGE)
			report(scanner, start, length, "does not fit in 64 bits");
		else if (!wide && (value > INT32_MAX || value < INT32_MIN))
			report(scanner, start, length,
			       "does not fit in 32 bits: add an L suffix or write it as a string");
	}
}

size_t numbers_check_text(const char *text, size_t length, const char *file,
			  struct diag_list *diags)
{
	struct scanner scanner = {
		.text = text, .length = length, .line = 1, .file = file, .diags = diags
	};

	while (scanner.at < scanner.length) {
		char c = text[scanner.at];
		bool after_name = scanner.at > 0 && is_name_char(text[scanner.at - 1]);

		if (c == '"')
			skip_string(&scanner);
		else if (c == '#' || (c == '/' && peek(&scanner, 1) == '/'))
			skip_until(&scanner, "\n");
		else if (c == '/' && peek(&scanner, 1) == '*')
			skip_block_comment(&scanner);
		else if (!after_name &&
			 (is_digit(c) || ((c == '-' || c == '+') && is_digit(peek(&scanner, 1)))))
			check_literal(&scanner);
		else if (is_name_char(c)) {
			while (scanner.at < scanner.length && is_name_char(text[scanner.at]))
				advance(&scanner);
		} else
			advance(&scanner);
	}
	return scanner.reported;
}
