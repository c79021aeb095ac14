using Tandem.Control.Protocol;

namespace Tandem.Cli;

/// <summary><c>tandem cluster standby | takeover | maintenance on|off</c>: asks this node's daemon.</summary>
static class ClusterCommands
{
    public static int Run(ParsedArgs p)
    {
        var sub = p.Word(1, "cluster subcommand (standby, takeover, maintenance on|off)");
        string command;
        switch (sub)
        {
            case "standby" or "takeover":
                p.NoMoreWordsAfter(2);
                command = "cluster." + sub;
                break;
            case "maintenance":
                var mode = p.Word(2, "on or off after 'cluster maintenance'");
                if (mode is not ("on" or "off"))
                    throw new UsageException($"'cluster maintenance {mode}': say on or off");
                p.NoMoreWordsAfter(3);
                command = "cluster.maintenance." + mode;
                break;
            default:
                throw new UsageException($"unknown cluster subcommand '{sub}' (standby, takeover, maintenance on|off)");
        }
        if (sub == "takeover")
            p.Allow("--force");
        else
            p.Allow();
        var node = NodeContext.Load(p);
        var response = DaemonCall.Send(node, new ControlRequest(command, Force: sub == "takeover" && p.Has("--force")));
        if (!p.Has("--quiet") && response.Message is { } m)
            Console.WriteLine(m);
        return 0;
    }
}
