namespace Vexil.Server.Cli;

/// <summary>The usage of every command, for <c>vexil help [command]</c> and <c>--help</c>.</summary>
internal static class CliHelp
{
    public const string Overview = """
        vexil: the Vexil server and its command-line client.

        Server:
          vexil [POSTGRES-CONNECTION-STRING] [--Vexil:Setting=value ...]   the control plane (SQLite in ./data by default)
          vexil edge --upstream URL                                        an edge
          vexil serve --flags-file FILE                                    serve flagd files over OFREP

        Client (talks to the admin API; see docs/cli.md):
          vexil login --url URL                     store the URL and a token (read from VEXIL_TOKEN or stdin)
          vexil projects list
          vexil flags list --project P [--env E] [--search S]
          vexil flags get --project P [--env E] KEY
          vexil flags toggle --project P --env E KEY on|off [--comment C] [--if-match ETAG]
          vexil changes list --project P [--status S] [--env E] [--flag F]
          vexil changes show --project P ID
          vexil changes approve|reject --project P ID [--comment C]
          vexil changes apply --project P ID
          vexil insights usage --project P --env E FLAG [--from T] [--to T] [--granularity minute|hour|day]
          vexil insights stale --project P --env E [--days N]
          vexil import flagd --project P --env E FILE [--dry-run] [--partial]
          vexil import launchdarkly|unleash --project P --env E FILE [--dry-run] [--partial]
          vexil export --project P --env E > flags.json
          vexil apply --project P --env E flags.json [--dry-run]

        Every client command takes --url URL (instead of the stored one) and --help; listings take --json.
        Exit codes: 0 success, 1 failure (the server's problem is shown), 2 usage error.
        """;

    private static readonly Dictionary<string, string> Commands = new(StringComparer.Ordinal)
    {
        ["login"] = """
            vexil login --url URL
              Checks a token against the server and stores URL and token in the configuration file (mode 0600):
              $VEXIL_CONFIG, else $XDG_CONFIG_HOME/vexil/config.json, else ~/.config/vexil/config.json.
              The token is read from VEXIL_TOKEN or, when that is not set, from the first line of standard input;
              never from the command line. Create one with POST /api/v1/tokens (administrator).
            vexil login --url URL --provider NAME
              Single sign-on: shows a page of the provider and a code to confirm there (the device flow), then
              exchanges the provider's ID token for a Vexil session and stores it like a token.
            """,
        ["projects list"] = """
            vexil projects list [--json]
              Lists the projects and their environments.
            """,
        ["flags list"] = """
            vexil flags list --project P [--env E] [--search S] [--json]
              Lists a project's flags (key, type, name, tags); with --env, whether each is on in that environment;
              --search matches key or name.
            """,
        ["flags get"] = """
            vexil flags get --project P [--env E] KEY
              Prints the flag's definition (JSON); with --env, its native flag object in that environment (the
              configuration), and its ETag on standard error.
            """,
        ["flags toggle"] = """
            vexil flags toggle --project P --env E KEY on|off [--comment C] [--if-match ETAG]
              The kill switch: turns the flag on or off in one environment, changing nothing else. Reads the flag for
              its ETag and writes with If-Match (or uses --if-match, an ETag from 'flags get'): if someone changed the
              flag in between, the server answers 412 and nothing changes. --comment goes into the audit log.
            """,
        ["changes list"] = """
            vexil changes list --project P [--status open|approved|rejected|withdrawn|applied] [--env E] [--flag F] [--json]
              Lists a project's change requests, newest first: id, status, author, environments, title. A write to an
              environment with a change policy (docs/governance.md) becomes one of these instead of changing anything.
            """,
        ["changes show"] = """
            vexil changes show --project P ID [--json]
              Shows a change request: title, status, author, environments, what it changes (path: before -> after)
              and its reviews.
            """,
        ["changes approve"] = """
            vexil changes approve --project P ID [--comment C]
              Approves the change request's current revision; it becomes approved once its environments' policies
              have their approvals (authors approve their own only where a policy allows it).
            """,
        ["changes reject"] = """
            vexil changes reject --project P ID [--comment C]
              Rejects the change request: it cannot be applied until its author edits it.
            """,
        ["changes apply"] = """
            vexil changes apply --project P ID
              Applies an approved change request in one transaction. If a flag or segment it changes moved since it
              was proposed, the server answers 409 naming it and nothing changes: rebase it
              (POST …/change-requests/ID/rebase) and have it approved again.
            """,
        ["insights usage"] = """
            vexil insights usage --project P --env E FLAG [--from T] [--to T] [--granularity minute|hour|day] [--json]
              Evaluations and exposures per variation over time (RFC 3339 times; default: the last 24 hours by hour).
            """,
        ["insights stale"] = """
            vexil insights stale --project P --env E [--days N] [--json]
              The environment's stale flags and why (not evaluated for N days, one variation served, past its lifetime).
            """,
        ["import flagd"] = """
            vexil import flagd --project P --env E FILE [--dry-run] [--partial] [--json]
              Imports a flagd flag file as native flags (docs/flagd.md). All or nothing: every flag that cannot be
              translated is reported with its JSON path and nothing changes, unless --partial. --dry-run reports
              what would happen.
            """,
        ["import launchdarkly"] = """
            vexil import launchdarkly --project P --env E FILE [--dry-run] [--partial] [--json]
              Imports LaunchDarkly's server-side SDK data ({"flags": …, "segments": …}) as native flags and segments
              that keep every context's variation (docs/migration.md). Refusals carry their path in the file; nothing
              changes unless every flag translates, or --partial. --dry-run reports what would happen.
            """,
        ["import unleash"] = """
            vexil import unleash --project P --env E FILE [--dry-run] [--partial] [--json]
              Imports Unleash's client features (the answer of /api/client/features) as native flags that keep every
              context's variation (docs/migration.md). Refusals carry their path in the file; nothing changes unless
              every flag translates, or --partial. --dry-run reports what would happen.
            """,
        ["export"] = """
            vexil export --project P --env E [--output FILE]
              Writes the environment's flags as a flags-as-code file (the native flag format, without versions) to
              standard output or FILE.
            """,
        ["apply"] = """
            vexil apply --project P --env E FILE [--dry-run]
              Makes the environment's flags match the file (from 'vexil export'): creates missing flags, updates
              definitions and configurations that differ, shows the difference, leaves identical flags alone (so
              applying twice changes nothing) and never deletes. --dry-run shows the difference only.
            """,
    };

    public static string? For(string command) => Commands.GetValueOrDefault(command);
}
