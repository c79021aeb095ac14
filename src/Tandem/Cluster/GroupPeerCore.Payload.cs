using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;
using Tandem.Resources.Groups;

namespace Tandem.Cluster;

/// <summary>Reading the peer's payload and writing this node's.</summary>
public sealed partial class GroupPeerCore
{
    void Observe(GroupPeerInput.Observed o, List<GroupPeerAction> actions)
    {
        switch (o.Node)
        {
            case NodeState.Unknown:
                return; // initdead has not passed and nothing was heard: stay unknown
            case NodeState.Dead:
                if (State != PeerState.Dead)
                    Move(Signal.Silent, false, "membership reports the peer dead", actions);
                return;
            case NodeState.Up:
                Read(o.Payload.Span, actions);
                return;
            default:
                throw new InvalidOperationException($"unhandled node state {o.Node}");
        }
    }

    void Read(ReadOnlySpan<byte> bytes, List<GroupPeerAction> actions)
    {
        ClusterPayload p;
        try
        {
            if (bytes.IsEmpty)
                throw new ClusterPayloadException("the peer's heartbeats carry no group states");
            p = ClusterPayloadCodec.Read(bytes);
        }
        catch (ClusterPayloadException e)
        {
            if (_unreadable != e.Message)
                actions.Add(new GroupPeerAction.Unreadable(e.Message));
            _unreadable = e.Message;
            if (State != PeerState.Unknown)
                Move(Signal.Unreadable, false, e.Message, actions);
            return;
        }
        _unreadable = null;
        if (p.Incarnation < _peerIncarnation || (p.Incarnation == _peerIncarnation && p.Sequence < _peerSequence))
        {
            // Stale (a slower link, or a replayed old payload): what is known stays; but a peer that is up again is
            // not taken as alive on old news.
            if (State != PeerState.Alive && State != PeerState.Unknown)
                Move(Signal.Unreadable, false, "the peer's payload is older than one already read", actions);
            return;
        }
        if (p.Incarnation > _peerIncarnation)
        {
            _peerIncarnation = p.Incarnation;
            _applied = 0;
        }
        _peerSequence = p.Sequence;
        var groups = p.Groups.ToDictionary(g => g.Group, g => g.State, StringComparer.Ordinal);
        var volumes = p.Volumes.ToDictionary(v => v.Volume, StringComparer.Ordinal);
        var changed = !SameGroups(groups, _peerGroups) || !SameVolumes(volumes, _peerVolumes);
        _peerGroups = groups;
        _peerVolumes = volumes;
        Move(Signal.Heard, changed, "the peer's group states were read", actions);
        var republish = Acknowledged(p);
        foreach (var r in p.Requests)
        {
            if (r.Sequence <= _applied)
                continue;
            _applied = r.Sequence;
            actions.Add(new GroupPeerAction.Deliver(r));
            republish = true;
        }
        if (republish)
            Publish(actions);
    }

    /// <summary>Drops the requests the peer has applied; true when any were.</summary>
    bool Acknowledged(ClusterPayload p) =>
        p.AckIncarnation == _incarnation && _outgoing.RemoveAll(r => r.Sequence <= p.AckSequence) > 0;

    static bool SameGroups(IReadOnlyDictionary<string, GroupState> a, IReadOnlyDictionary<string, GroupState> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var s) && s == kv.Value);

    static bool SameVolumes(IReadOnlyDictionary<string, VolumeReport> a, IReadOnlyDictionary<string, VolumeReport> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    /// <summary>A new payload: every group, every volume report, then as many waiting requests as fit (oldest first), and the acknowledgement.</summary>
    void Publish(List<GroupPeerAction> actions)
    {
        _sequence++;
        var requests = new List<PeerRequest>();
        var payload = new ClusterPayload(_incarnation, _sequence, _local, _peerIncarnation, _applied, requests) { Volumes = _localVolumes };
        var size = ClusterPayloadCodec.Size(payload);
        foreach (var r in _outgoing)
        {
            var more = ClusterPayloadCodec.Size(payload with { Groups = [], Requests = [r], Volumes = [] }) - ClusterPayloadLimits.HeaderBytes;
            if (size + more > ClusterPayloadLimits.MaxBytes)
                break;
            requests.Add(r);
            size += more;
        }
        actions.Add(new GroupPeerAction.Publish(ClusterPayloadCodec.ToArray(payload)));
    }
}
