/* fuzz_report: libFuzzer target over the report rules text
 * (PRESEAL_REPORT_RULES, which a confined program's environment carries and
 * the SIGSYS handler reads).  The first 8 bytes choose the call (number,
 * arguments); the rest is the text, tried as it is and after "1;" so that
 * the fuzzer gets past the version.  Any text must give a terminated line
 * that fits its buffer. */
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "report_rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void explain(const char *rules, int32_t nr, const uint64_t args[6])
{
	char line[700];
	int length = report_format(line, sizeof(line), 1, AUDIT_ARCH_X86_64, nr, args, "fuzz.cfg",
				   rules, SECCOMP_RET_ERRNO | 1);

	if (length < 0 || (size_t)length >= sizeof(line) || strlen(line) != (size_t)length)
		abort();
	(void)report_rules_locate(rules, AUDIT_ARCH_I386, nr, "socket", args);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t args[6] = { 0 };
	int32_t nr = 41;
	char *text;

	if (size >= 8) {
		nr = (int32_t)(data[0] | data[1] << 8);
		for (int i = 0; i < 6; i++)
			args[i] = (uint64_t)data[2 + i] * 0x0101010101010101ull;
		data += 8;
		size -= 8;
	}
	text = malloc(size + 3);
	if (!text)
		return 0;
	memcpy(text + 2, data, size);
	text[size + 2] = '\0';
	explain(text + 2, nr, args);
	text[0] = '1';
	text[1] = ';';
	explain(text, nr, args);
	free(text);
	return 0;
}
