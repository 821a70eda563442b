/* Temporary database files for tests: a fresh unique path, and removal of
 * the file with its WAL and shared-memory companions. */
#ifndef RANDA_TESTS_TMPDB_H
#define RANDA_TESTS_TMPDB_H

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Writes a path "/tmp/randa-TAG-XXXXXX" that no file holds yet into out. */
static inline void tmpdb_path(char *out, size_t size, const char *tag)
{
    snprintf(out, size, "/tmp/randa-%s-XXXXXX", tag);
    int fd = mkstemp(out);
    cr_assert(fd >= 0);
    close(fd);
    unlink(out);
}

/* Removes the database at path and its -wal and -shm files. */
static inline void tmpdb_remove(const char *path)
{
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    char name[512];
    for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
        snprintf(name, sizeof(name), "%s%s", path, suffixes[i]);
        unlink(name);
    }
}

#endif
