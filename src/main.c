/* randa: the command table and dispatch, nothing else. */
#include "cmd/cmd.h"

#include <stdio.h>
#include <string.h>

#ifndef RANDA_VERSION
#define RANDA_VERSION "dev"
#endif

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"plan", cmd_plan, "plan every open need at once (a file or the database)"},
    {"check", cmd_check, "check a plan against its planning problem"},
    {"user", cmd_user, "add, change, disable and list the users who log in"},
    {"demo", cmd_demo, "create a demo region modelled on Region Skåne"},
    {"serve", cmd_serve, "serve the web UI and the JSON API"},
    {"summary", cmd_summary, "show what a database holds"},
    {"backup", cmd_backup, "copy a database while it is being served"},
    {"restore", cmd_restore, "restore a backup into a database"},
    {"migrate", cmd_migrate, "bring a database to this schema version"},
    /* A whole region as JSON with natural keys (issue 15). */
    {"export", cmd_export, "write a region as JSON to move it to a server"},
    {"import", cmd_import, "read a region's JSON into an empty database"},
    /* What-if scenarios (issue 18). */
    {"scenario", cmd_scenario, "what-if scenarios: create, run, compare"},
};

#define COMMAND_COUNT (sizeof(commands) / sizeof(commands[0]))

static void print_help(FILE *out)
{
    fputs("usage: randa COMMAND [FLAGS]\n"
          "       randa --help | --version\n"
          "\n"
          "Randa plans and documents the rotations of specialist-training\n"
          "physicians across a region.\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs("\n'randa COMMAND --help' describes a command's flags.\n", out);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_help(stderr);
        return CMD_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
        strcmp(name, "help") == 0) {
        print_help(stdout);
        return CMD_OK;
    }
    if (strcmp(name, "--version") == 0) {
        printf("randa %s\n", RANDA_VERSION);
        return CMD_OK;
    }
    for (size_t i = 0; i < COMMAND_COUNT; i++)
        if (strcmp(name, commands[i].name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "randa: unknown command '%s' (see 'randa --help')\n", name);
    return CMD_USAGE;
}
