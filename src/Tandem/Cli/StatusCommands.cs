using System.Globalization;
using System.Text.Json;
using Tandem.Control.Protocol;
using Tandem.Daemon;

namespace Tandem.Cli;

/// <summary><c>tandem status</c>: the node's view of the cluster.</summary>
static class StatusCommands
{
    public static int Cluster(ParsedArgs p)
    {
        p.Allow("--json");
        p.NoMoreWordsAfter(1);
        var node = NodeContext.Load(p);
        var response = DaemonCall.Send(node, new ControlRequest("status"));
        if (p.Has("--json"))
        {
            Console.WriteLine(JsonSerializer.Serialize(response.Result, ControlJson.Indented));
            return 0;
        }
        var s = response.Result!.Value.Deserialize<NodeStatus>(ControlJson.Options)!;
        Console.WriteLine($"cluster {s.Cluster}, seen from node {s.Node}");
        Console.WriteLine();
        Console.WriteLine("NODES");
        foreach (var n in s.Nodes)
            Console.WriteLine($"  {n.Name,-24} {n.State,-8} {string.Join("  ", n.Links.Select(l => $"{l.Endpoint} {l.State}"))}"
                + (n.Dropped is { } d && d != Heartbeat.DropCounts.Zero ? $"  dropped: {d.Forged} forged, {d.Corrupt} corrupt, {d.Replayed} replayed" : ""));
        Console.WriteLine();
        Console.WriteLine("GROUPS");
        foreach (var line in GroupStatusView.Render(s.Groups))
            Console.WriteLine("  " + line);
        Console.WriteLine();
        Console.WriteLine("VOLUMES");
        foreach (var line in VolumeStatusView.Render(s.Volumes).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            Console.WriteLine("  " + line);
        Console.WriteLine();
        Console.WriteLine("LAST EVENTS");
        foreach (var e in s.Events.TakeLast(10))
            Console.WriteLine($"  {e.At.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture)}Z  {e.Text}");
        return 0;
    }
}
