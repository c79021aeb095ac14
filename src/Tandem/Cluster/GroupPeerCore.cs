using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;
using Tandem.Resources.Groups;

namespace Tandem.Cluster;

/// <summary>
/// The peer as the group manager sees it, built from membership and the peer's heartbeat payload; and this node's
/// payload (group states, requests for the peer, acknowledgements). Pure: no sockets, no clock, not thread-safe.
/// <para>
/// The peer is <see cref="PeerState.Alive"/> only while membership says it is up AND its current payload has been
/// read: until then its groups are unknown and nothing may be started on the strength of them. It is
/// <see cref="PeerState.Dead"/> when membership says so (after deadtime, or initdead without a word).
/// </para>
/// <para>
/// Requests carry a sequence number per sender incarnation; the receiver applies each once and acknowledges the
/// highest it applied in its own payload; the sender keeps a request in its payload until acknowledged, or until
/// the peer is dead. A payload older than one already read (lower incarnation, or lower sequence) is ignored.
/// The view changes only in <see cref="Move"/>.
/// </para>
/// </summary>
public sealed partial class GroupPeerCore
{
    enum Signal { Silent, Heard, Unreadable }

    readonly ulong _incarnation;
    readonly List<PeerRequest> _outgoing = [];
    IReadOnlyList<GroupReport> _local = [];
    IReadOnlyList<VolumeReport> _localVolumes = [];
    ulong _sequence, _nextRequest;
    ulong _peerIncarnation, _peerSequence, _applied;
    IReadOnlyDictionary<string, GroupState> _peerGroups = new Dictionary<string, GroupState>();
    IReadOnlyDictionary<string, VolumeReport> _peerVolumes = new Dictionary<string, VolumeReport>();
    string? _unreadable;

    /// <param name="incarnation">This daemon's incarnation (its heartbeat restart generation); never 0.</param>
    public GroupPeerCore(ulong incarnation)
    {
        ArgumentOutOfRangeException.ThrowIfZero(incarnation);
        _incarnation = incarnation;
    }

    public PeerState State { get; private set; } = PeerState.Unknown;

    /// <summary>The peer's groups as last read; empty unless <see cref="State"/> is alive.</summary>
    public IReadOnlyDictionary<string, GroupState> PeerGroups =>
        State == PeerState.Alive ? _peerGroups : new Dictionary<string, GroupState>();

    /// <summary>The peer's volumes as last read (empty from a peer that reports none); empty unless <see cref="State"/> is alive.</summary>
    public IReadOnlyDictionary<string, VolumeReport> PeerVolumes =>
        State == PeerState.Alive ? _peerVolumes : new Dictionary<string, VolumeReport>();

    /// <summary>Requests in the payload that the peer has not acknowledged yet.</summary>
    public int Outstanding => _outgoing.Count;

    public IReadOnlyList<GroupPeerAction> Handle(GroupPeerInput input)
    {
        var actions = new List<GroupPeerAction>();
        switch (input)
        {
            case GroupPeerInput.Observed o:
                Observe(o, actions);
                break;
            case GroupPeerInput.LocalStates l:
                SetLocal(l, actions);
                break;
            case GroupPeerInput.Send s:
                Send(s, actions);
                break;
            default:
                throw new InvalidOperationException($"unhandled group peer input {input}");
        }
        return actions;
    }

    static PeerState Next(PeerState from, Signal s) => (from, s) switch
    {
        (_, Signal.Silent) => PeerState.Dead,
        (_, Signal.Heard) => PeerState.Alive,
        (PeerState.Unknown or PeerState.Alive or PeerState.Dead, Signal.Unreadable) => PeerState.Unknown,
        _ => throw new InvalidOperationException($"unhandled group peer transition: {from} on {s}"),
    };

    /// <summary>The one place the view changes; <paramref name="groupsChanged"/> reports new peer states without a move.</summary>
    void Move(Signal s, bool groupsChanged, string why, List<GroupPeerAction> actions)
    {
        var from = State;
        var to = Next(from, s);
        State = to;
        if (from != to || (to == PeerState.Alive && groupsChanged))
            actions.Add(new GroupPeerAction.PeerChanged(from, to, why));
        if (to == PeerState.Dead && _outgoing.Count > 0)
        {
            foreach (var r in _outgoing)
                actions.Add(new GroupPeerAction.Dropped(r.Kind, r.Group, "the peer is dead"));
            _outgoing.Clear();
            Publish(actions);
        }
    }

    void Send(GroupPeerInput.Send s, List<GroupPeerAction> actions)
    {
        if (State != PeerState.Alive)
        {
            actions.Add(new GroupPeerAction.Dropped(s.Kind, s.Group, $"the peer is {State.ToString().ToLowerInvariant()}"));
            return;
        }
        var request = new PeerRequest(++_nextRequest, s.Kind, s.Group) { Token = s.Token, Result = s.Result };
        _outgoing.Add(request);
        if (_outgoing.Count > ClusterPayloadLimits.MaxRequests)
        {
            var oldest = _outgoing[0];
            _outgoing.RemoveAt(0);
            actions.Add(new GroupPeerAction.Dropped(oldest.Kind, oldest.Group, $"more than {ClusterPayloadLimits.MaxRequests} requests wait for the peer"));
        }
        actions.Add(new GroupPeerAction.Sent(request));
        Publish(actions);
    }

    void SetLocal(GroupPeerInput.LocalStates l, List<GroupPeerAction> actions)
    {
        var local = l.States.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => new GroupReport(s.Key, s.Value)).ToList();
        var volumes = l.Volumes.OrderBy(v => v.Volume, StringComparer.Ordinal).ToList();
        if (_sequence > 0 && local.SequenceEqual(_local) && volumes.SequenceEqual(_localVolumes))
            return;
        _local = local;
        _localVolumes = volumes;
        Publish(actions);
    }
}
