using Tandem.Heartbeat.Protocol;

namespace Tandem.Heartbeat;

/// <summary>
/// Who is alive, from the heartbeats received. Pure: no sockets, no clock; every input comes with the
/// monotonic time it happened at (times never go backwards) and yields the events it caused. Deadlines are
/// checked on every input, so the outcome does not depend on how often <see cref="MembershipInput.Tick"/> comes.
/// State changes happen only in <see cref="MoveNode"/> and <see cref="MoveLink"/>. Not thread-safe.
/// </summary>
public sealed partial class MembershipStateMachine
{
    readonly MembershipSetup _setup;
    readonly TimeSpan _start;
    readonly PeerLink[] _links;
    TimeSpan _now;
    TimeSpan? _lastHeard;
    bool _warned;

    /// <param name="start">When the daemon started: <c>initdead</c> counts from here.</param>
    public MembershipStateMachine(MembershipSetup setup, TimeSpan start)
    {
        if (setup.PeerLinks.Count is 0 or > HeartbeatLimits.MaxLinks)
            throw new ArgumentException($"the peer needs 1 to {HeartbeatLimits.MaxLinks} heartbeat links, not {setup.PeerLinks.Count}", nameof(setup));
        _setup = setup;
        _start = _now = start;
        _links = setup.PeerLinks.Select((e, i) => new PeerLink(i, e)).ToArray();
    }

    public NodeState PeerState { get; private set; } = NodeState.Unknown;

    /// <summary>The peer's restart generation, or null before it was first heard.</summary>
    public ulong? PeerGeneration { get; private set; }

    /// <summary>The payload of the last heartbeat accepted from the peer (empty before).</summary>
    public ReadOnlyMemory<byte> PeerPayload { get; private set; } = ReadOnlyMemory<byte>.Empty;

    public PeerSnapshot Snapshot() => new(_setup.Peer, PeerState, PeerGeneration, _links.Select(l => l.Snapshot()).ToList());

    public IReadOnlyList<MembershipEvent> Apply(MembershipInput input, TimeSpan now)
    {
        if (now < _now)
            throw new ArgumentOutOfRangeException(nameof(now), $"time went backwards: {now} after {_now}");
        _now = now;
        var events = new List<MembershipEvent>();
        CheckDeadlines(events);
        switch (input)
        {
            case MembershipInput.Tick:
                break;
            case MembershipInput.Received r:
                Receive(r, events);
                break;
            case MembershipInput.Rejected r:
                Drop(LocalLink(r.Link), r.Reason, r.Detail, events);
                break;
            default:
                throw new InvalidOperationException($"unhandled membership input {input.GetType().Name} with the peer {PeerState}");
        }
        return events;
    }

    void Receive(MembershipInput.Received r, List<MembershipEvent> events)
    {
        var m = r.Message;
        var local = LocalLink(r.Link);
        if (m.Cluster != _setup.Cluster)
        {
            Drop(local, DropReason.Forged, $"from cluster \"{m.Cluster}\", not \"{_setup.Cluster}\"", events);
            return;
        }
        if (m.Sender == _setup.Self)
            return; // our own broadcast or multicast, looped back
        if (m.Sender != _setup.Peer)
        {
            Drop(local, DropReason.Forged, $"from \"{m.Sender}\", which is not a node of this cluster", events);
            return;
        }
        if (m.Link >= _links.Length)
        {
            Drop(local, DropReason.Corrupt, $"sent on link {m.Link}, but {_setup.Peer} has {_links.Length} link(s) here; list the same number of heartbeat endpoints for both nodes", events);
            return;
        }
        if (m.Type != HeartbeatMessageType.Heartbeat)
            throw new InvalidOperationException($"unhandled heartbeat message type {m.Type}");
        if (!CheckFresh(local, m, events))
            return;
        var link = _links[m.Link];
        link.LastSequence = m.Sequence;
        link.LastHeard = _now;
        _lastHeard = _now;
        _warned = false;
        PeerPayload = m.Payload;
        if (link.State != LinkState.Up)
            MoveLink(link, Signal.Heard, events);
        if (PeerState != NodeState.Up)
            MoveNode(Signal.Heard, events, $"link {link.Index}");
    }

    /// <summary>Replay protection per (peer, generation, link): a lower generation or a sequence not above the last is old.</summary>
    bool CheckFresh(PeerLink local, HeartbeatMessage m, List<MembershipEvent> events)
    {
        if (PeerGeneration is { } known && m.Generation < known)
        {
            Drop(local, DropReason.Replayed, $"from restart generation {m.Generation}, older than the current {known}", events);
            return false;
        }
        if (PeerGeneration is null || m.Generation > PeerGeneration)
        {
            if (PeerGeneration is not null)
                events.Add(new MembershipEvent.PeerRestarted(_setup.Peer, m.Generation, $"{_setup.Peer} restarted (generation {m.Generation})"));
            PeerGeneration = m.Generation;
            foreach (var l in _links)
                l.LastSequence = 0;
        }
        var last = _links[m.Link].LastSequence;
        if (m.Sequence <= last)
        {
            Drop(local, DropReason.Replayed, $"sequence {m.Sequence} on link {m.Link}, already past {last}", events);
            return false;
        }
        return true;
    }

    void Drop(PeerLink local, DropReason reason, string detail, List<MembershipEvent> events)
    {
        var count = local.Count(reason);
        var what = reason.ToString().ToLowerInvariant();
        events.Add(new MembershipEvent.Dropped(_setup.Peer, local.Index, reason, count,
            $"dropped a {what} heartbeat on link {local.Index} ({local.Endpoint}): {detail}"));
    }

    PeerLink LocalLink(int index) =>
        index >= 0 && index < _links.Length ? _links[index]
        : throw new ArgumentOutOfRangeException(nameof(index), index, $"link {index} of {_links.Length}");
}
