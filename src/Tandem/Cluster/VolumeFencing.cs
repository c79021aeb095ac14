using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;
using Tandem.Replication.Core;
using Tandem.Volume;

namespace Tandem.Cluster;

/// <summary>
/// Fencing's path for this node's volumes, which is heartbeat, not the replication link it stands in for: outdate
/// requests and answers travel as requests in the cluster payload (<see cref="HeartbeatGroupPeer"/>), and membership
/// says when the peer is dead. Everything reaches the volumes on one loop of its own, in order, so a slow volume never
/// holds up heartbeat or the group peer.
/// </summary>
public sealed class VolumeFencing : IPeerFence, IAsyncDisposable
{
    readonly IReadOnlyDictionary<string, VolumeRuntime> _volumes;
    readonly IMembership _membership;
    readonly Channel<Action> _work = Channel.CreateUnbounded<Action>(new UnboundedChannelOptions { SingleReader = true });
    readonly Action<MembershipEvent> _onMembership;
    readonly Task _loop;
    readonly ILogger _log;
    HeartbeatGroupPeer? _peer;
    volatile bool _dead;
    string _current = "";

    /// <summary>Becomes the fencing path of every volume; call before they come up.</summary>
    public VolumeFencing(IReadOnlyDictionary<string, VolumeRuntime> volumes, IMembership membership, ILogger log)
    {
        _log = log;
        _volumes = volumes;
        _membership = membership;
        foreach (var v in volumes.Values)
            v.Fence = this;
        _dead = membership.PeerState == NodeState.Dead;
        _onMembership = e =>
        {
            if (e is MembershipEvent.NodeChanged)
                _work.Writer.TryWrite(ObserveMembership);
        };
        membership.Changed += _onMembership;
        _loop = Task.Run(LoopAsync);
    }

    public string PeerName => _membership.Peer ?? "the peer";

    public bool PeerDead => _dead;

    /// <summary>Requests go out through the group peer (none in a one-node cluster).</summary>
    public void Connect(HeartbeatGroupPeer peer) => _peer = peer;

    public void AskOutdate(string volume, ulong token) =>
        _peer?.SendFencing(new GroupPeerInput.Send(PeerRequestKind.Outdate, volume) { Token = token });

    public void AnswerOutdate(string volume, ulong token, OutdateResult result) =>
        _peer?.SendFencing(new GroupPeerInput.Send(PeerRequestKind.OutdateAnswer, volume) { Token = token, Result = result });

    /// <summary>An outdate request or answer from the peer.</summary>
    public void Deliver(PeerRequest r)
    {
        if (!r.IsFencing)
            throw new ArgumentException($"not a fencing request: {r}", nameof(r));
        _work.Writer.TryWrite(() =>
        {
            _current = r.ToString();
            if (!_volumes.TryGetValue(r.Group, out var v))
            {
                // No such volume here: nothing on this node can be promoted in the asker's place.
                if (r.Kind == PeerRequestKind.Outdate)
                    AnswerOutdate(r.Group, r.Token, OutdateResult.Diskless);
                return;
            }
            if (r.Kind == PeerRequestKind.Outdate)
                v.OutdateRequested(r.Token);
            else
                v.OutdateAnswered(r.Token, r.Result);
        });
    }

    void ObserveMembership()
    {
        _current = "the peer's state from heartbeat";
        bool dead = _membership.PeerState == NodeState.Dead;
        if (dead == _dead)
            return;
        _dead = dead;
        foreach (var v in _volumes.Values)
            v.PeerNodeChanged(dead);
    }

    async Task LoopAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync())
        {
            try
            {
                work();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // A volume going down under our feet, say; a fencing Primary asks again.
                _log.FencingFailed(_current, e.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _membership.Changed -= _onMembership;
        _work.Writer.TryComplete();
        await _loop;
    }
}
