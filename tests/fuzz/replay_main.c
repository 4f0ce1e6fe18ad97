// SPDX-License-Identifier: BSD-3-Clause
/*
 * Corpus replay for builds without libFuzzer (gcc, CTest): run the target
 * once on every file named on the command line, or in the directories
 * named, in name order. A crash, sanitizer report or abort fails the test.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		free(buf);
		return -1;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)n);
	free(buf);
	return 0;
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv)
{
	unsigned runs = 0;

	for (int a = 1; a < argc; a++) {
		struct stat sb;
		DIR *d;
		struct dirent *de;
		char **names = NULL;
		size_t count = 0;

		if (stat(argv[a], &sb) != 0) {
			fprintf(stderr, "replay: %s: not found\n", argv[a]);
			return 1;
		}
		if (!S_ISDIR(sb.st_mode)) {
			if (run_file(argv[a]) != 0)
				return 1;
			runs++;
			continue;
		}
		d = opendir(argv[a]);
		while (d && (de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			names = realloc(names, (count + 1) * sizeof(*names));
			names[count] = malloc(strlen(argv[a]) +
					      strlen(de->d_name) + 2);
			sprintf(names[count], "%s/%s", argv[a], de->d_name);
			count++;
		}
		if (d)
			closedir(d);
		qsort(names, count, sizeof(*names), cmp);
		for (size_t i = 0; i < count; i++) {
			if (run_file(names[i]) != 0)
				return 1;
			runs++;
			free(names[i]);
		}
		free(names);
	}
	printf("replay: %u inputs, no failure\n", runs);
	return 0;
}
