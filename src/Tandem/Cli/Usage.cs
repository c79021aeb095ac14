namespace Tandem.Cli;

static class Usage
{
    public const string Text = """
        usage: tandem [--config PATH] [--node NAME] COMMAND

          daemon                                   run this node (foreground; logs to stderr)
          status [--json]                          nodes, groups, volumes, last events

          volume create-md RES [--force]           write fresh metadata on the backing disk
          volume up RES | down RES                 attach (and connect) | detach
          volume primary RES [--force]             promote; /dev/tandem/RES appears
          volume secondary RES                     demote (refused while the device is in use)
          volume connect RES [--discard-my-data] | disconnect RES
          volume verify RES | invalidate RES
          volume status [RES] [--json]

          cluster standby | takeover               hand groups to the peer | pull them here
          cluster takeover --force                 pull them here even onto data that is not UpToDate
          cluster maintenance on | off             stop acting on groups (still watched) | resume, both nodes
          config check                             print the effective config, or errors with file:line
          config import FILE...                    classic ha.cf / authkeys / haresources / drbd.conf
                                                   (and /etc/hosts) → TOML on stdout, warnings on stderr
          lab list | lab run SCENARIO|all [--json]  the two-node lab in network namespaces (root)

        The config is --config PATH, else $TANDEM_CONFIG, else /etc/tandem/tandem.toml.
        This node is --node NAME, else $TANDEM_NODE, else the host name.
        Exit status: 0 success, 1 refused or failed, 2 usage error.
        """;
}
