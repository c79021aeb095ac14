using Tandem.Resources.Agents;
using Tandem.Resources.Groups;

namespace Tandem.Tests.Unit.Resources;

/// <summary>
/// Drives a <see cref="GroupMachine"/> deterministically: a simulated clock, the machine's scheduled inputs fired
/// in time order, and agent operations completed by a script. Records operations ("start b") and events.
/// </summary>
sealed class GroupHarness
{
    readonly List<(DateTimeOffset Due, long Seq, GroupInput Input)> _timers = [];
    long _seq;
    GroupAction.Run? _running;

    public GroupHarness(string[] resources, string node = "n1", string peer = "n2", string? preferred = null, bool autoFailback = false,
        int maxRestarts = 3, int stopRetries = 3, TimeSpan?[]? monitorIntervals = null)
    {
        Policy = new GroupPolicy
        {
            Name = "g",
            Node = node,
            Peer = peer,
            Owner = preferred ?? (string.CompareOrdinal(node, peer) < 0 ? node : peer),
            Preferred = preferred,
            AutoFailback = autoFailback,
            Resources = resources,
            MonitorInterval = TimeSpan.FromSeconds(10),
            MonitorIntervals = monitorIntervals ?? [],
            MaxRestarts = maxRestarts,
            RestartWindow = TimeSpan.FromMinutes(5),
            StopRetries = stopRetries,
            StopRetryDelay = TimeSpan.FromSeconds(2),
        };
        Machine = new GroupMachine(Policy);
    }

    public GroupPolicy Policy { get; }

    public GroupMachine Machine { get; }

    public DateTimeOffset Now { get; private set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Operations in the order they were asked for: "probe a", "start b", "stop c", "monitor a".</summary>
    public List<string> Ops { get; } = [];

    public List<GroupAction.Event> Events { get; } = [];

    public List<(GroupState Old, GroupState New)> States { get; } = [];

    public int Offers { get; private set; }

    /// <summary>Resources reported hung ("b: reason"), from <see cref="GroupAction.ResourceHung"/>.</summary>
    public List<string> Hung { get; } = [];

    public int ReleaseRequests { get; private set; }

    /// <summary>The result an operation gets, by kind and resource; everything is Ok (probes: not running) unless set.</summary>
    public Func<OperationKind, string, AgentResult> Script { get; set; } = (kind, _) =>
        kind == OperationKind.Probe ? AgentResult.NotRunning() : AgentResult.Ok;

    public GroupState State => Machine.State;

    public string Resources => string.Join(" ", Machine.Resources.Select(r => r.Name()));

    public string? Send(GroupInput input)
    {
        var t = Machine.Handle(input, Now);
        foreach (var a in t.Actions)
            Record(a);
        return t.Refusal;
    }

    /// <summary>Completes operations by the script until none is in flight.</summary>
    public void Settle()
    {
        while (_running is { } r)
        {
            _running = null;
            Send(new GroupInput.Completed(r.Kind, r.Index, r.Generation, Script(r.Kind, Policy.Resources[r.Index])));
        }
    }

    /// <summary>Starts the machine: probes everything, then membership says the peer is <paramref name="peer"/>.</summary>
    public void Boot(PeerState peer, GroupState? peerGroup = null)
    {
        Send(new GroupInput.PeerChanged(PeerState.Unknown, null));
        Settle();
        Send(new GroupInput.PeerChanged(peer, peerGroup));
        Settle();
    }

    /// <summary>Moves the clock, firing scheduled inputs (and settling the operations they cause) in time order.</summary>
    public void Advance(TimeSpan by)
    {
        var end = Now + by;
        while (true)
        {
            var next = _timers.Where(t => t.Due <= end).OrderBy(t => t.Due).ThenBy(t => t.Seq).FirstOrDefault();
            if (next.Input is null)
                break;
            _timers.Remove(next);
            Now = next.Due;
            Send(next.Input);
            Settle();
        }
        Now = end;
    }

    public void ClearLog()
    {
        Ops.Clear();
        Events.Clear();
        States.Clear();
        Hung.Clear();
        Offers = 0;
        ReleaseRequests = 0;
    }

    void Record(GroupAction a)
    {
        switch (a)
        {
            case GroupAction.Run r:
                Assert.Null(_running); // operations of a group never overlap
                _running = r;
                Ops.Add($"{r.Kind.ToString().ToLowerInvariant()} {Policy.Resources[r.Index]}");
                break;
            case GroupAction.Schedule s:
                _timers.Add((Now + s.After, _seq++, s.Input));
                break;
            case GroupAction.OfferToPeer:
                Offers++;
                break;
            case GroupAction.AskPeerToRelease:
                ReleaseRequests++;
                break;
            case GroupAction.ResourceHung hung:
                Hung.Add($"{Policy.Resources[hung.Index]}: {hung.Reason}");
                break;
            case GroupAction.Event e:
                Events.Add(e);
                break;
            case GroupAction.StateChanged c:
                States.Add((c.Old, c.New));
                break;
        }
    }
}
