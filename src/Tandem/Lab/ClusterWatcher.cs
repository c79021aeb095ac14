using System.Globalization;
using System.Text.Json;

namespace Tandem.Lab;

/// <summary>
/// Polls both daemons' <c>tandem status --json</c> in the background: where the group runs (each node's own view),
/// every change of owner (a failover or handover), whether it ever ran on both at once, and every event either
/// daemon journaled (kept beyond the daemons' own bounded journals).
/// </summary>
public sealed class ClusterWatcher : IDisposable
{
    readonly Lab _lab;
    readonly CancellationTokenSource _stop = new();
    readonly Thread _thread;
    readonly object _gate = new();
    readonly HashSet<(LabNodeId, DateTimeOffset, string)> _seen = [];
    readonly List<(LabNodeId Node, DateTimeOffset At, string Text)> _events = [];
    readonly List<(DateTimeOffset At, LabNodeId To)> _moves = [];
    LabNodeId? _owner;

    public ClusterWatcher(Lab lab)
    {
        _lab = lab;
        _thread = new Thread(Loop) { IsBackground = true, Name = "lab watcher" };
        _thread.Start();
    }

    public LabNodeId? Owner { get { lock (_gate) return _owner; } }
    public bool SawBothOwners { get; private set; }
    public IReadOnlyList<(DateTimeOffset At, LabNodeId To)> Moves { get { lock (_gate) return [.. _moves]; } }
    public IReadOnlyList<(LabNodeId Node, DateTimeOffset At, string Text)> Events { get { lock (_gate) return [.. _events.OrderBy(e => e.At)]; } }

    /// <summary>Owner changes after the first owner was seen.</summary>
    public int Failovers { get { lock (_gate) return Math.Max(0, _moves.Count - 1); } }

    void Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Poll();
            _stop.Token.WaitHandle.WaitOne(200);
        }
    }

    /// <summary>One round: both statuses, the owner, new events.</summary>
    public void Poll()
    {
        var owners = new List<LabNodeId>();
        foreach (var (id, node) in _lab.Nodes)
        {
            if (node.DaemonPid is null || node.TryStatus(TimeSpan.FromSeconds(1)) is not { } s)
                continue;
            if (RunsHere(s, node.Name))
                owners.Add(id);
            Collect(id, s);
        }
        lock (_gate)
        {
            if (owners.Count > 1)
                SawBothOwners = true;
            if (owners.Count == 1 && owners[0] != _owner)
            {
                _owner = owners[0];
                _moves.Add((DateTimeOffset.UtcNow, owners[0]));
            }
        }
    }

    /// <summary>Whether the node's own status says the group is started on it.</summary>
    public static bool RunsHere(JsonElement status, string node)
    {
        if (!status.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array)
            return false;
        foreach (var g in groups.EnumerateArray())
            if (g.TryGetProperty("name", out var n) && n.GetString() == LabLayout.Group
                && g.TryGetProperty("state", out var st) && st.GetString() == "started"
                && g.TryGetProperty("node", out var on) && on.ValueKind == JsonValueKind.String && on.GetString() == node)
                return true;
        return false;
    }

    void Collect(LabNodeId id, JsonElement status)
    {
        if (!status.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
            return;
        lock (_gate)
            foreach (var e in events.EnumerateArray())
            {
                var at = DateTimeOffset.Parse(e.GetProperty("at").GetString()!, CultureInfo.InvariantCulture);
                var text = e.GetProperty("text").GetString() ?? "";
                if (_seen.Add((id, at, text)))
                    _events.Add((id, at, text));
            }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }
}
