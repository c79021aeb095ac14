using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;
using Tandem.Resources.Groups;

namespace Tandem.Cluster;

/// <summary>
/// <see cref="IGroupPeer"/> over heartbeat: this node's group states and requests travel in its heartbeat payload,
/// the peer's are read from membership. All decisions are <see cref="GroupPeerCore"/>'s; this class runs it on one
/// loop, fed by membership changes and a poll of the peer's payload (a heartbeat brings a new one every keepalive).
/// </summary>
public sealed partial class HeartbeatGroupPeer : IGroupPeer, IAsyncDisposable
{
    readonly IMembership _membership;
    readonly GroupPeerCore _core;
    readonly TimeSpan _poll;
    readonly TimeProvider _time;
    readonly ILogger _log;
    readonly string _peerName;
    /// <summary>Work for the loop: <see cref="Observe"/>, <see cref="ReadLocal"/> or a <see cref="GroupPeerInput"/>.</summary>
    readonly Channel<object> _inbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    static readonly object Observe = new(), ReadLocal = new();
    readonly CancellationTokenSource _stop = new();
    readonly Action<MembershipEvent> _onMembership;
    Func<IReadOnlyDictionary<string, GroupState>> _localStates = () => new Dictionary<string, GroupState>();
    Func<IReadOnlyList<VolumeReport>> _localVolumes = () => [];
    Action<PeerRequest> _deliver = _ => { };
    Task _loop = Task.CompletedTask, _ticker = Task.CompletedTask;
    volatile View _view = new(PeerState.Unknown, new Dictionary<string, GroupState>(), new Dictionary<string, VolumeReport>(), 0);

    sealed record View(PeerState State, IReadOnlyDictionary<string, GroupState> Groups, IReadOnlyDictionary<string, VolumeReport> Volumes, int Outstanding);

    /// <param name="incarnation">This daemon's heartbeat restart generation.</param>
    /// <param name="poll">How often the peer's payload is looked at.</param>
    public HeartbeatGroupPeer(IMembership membership, ulong incarnation, TimeSpan poll, TimeProvider time, ILogger log)
    {
        _membership = membership;
        _core = new GroupPeerCore(incarnation);
        _poll = poll;
        _time = time;
        _log = log;
        _peerName = membership.Peer ?? "the peer";
        _onMembership = e =>
        {
            if (e is MembershipEvent.NodeChanged or MembershipEvent.PeerRestarted)
                _inbox.Writer.TryWrite(Observe);
        };
    }

    public PeerState State => _view.State;

    public GroupState? GroupOnPeer(string group) => _view.Groups.TryGetValue(group, out var s) ? s : null;

    /// <summary>The peer's volumes as its last payload reports them (empty while it is not alive).</summary>
    public IReadOnlyDictionary<string, VolumeReport> PeerVolumes => _view.Volumes;

    /// <summary>Raised on this class's loop when <see cref="State"/> or a reported group changes.</summary>
    public event Action? Changed;

    public Task OfferAsync(string group, CancellationToken ct) => Post(new GroupPeerInput.Send(PeerRequestKind.Offer, group));

    public Task RequestReleaseAsync(string group, CancellationToken ct) => Post(new GroupPeerInput.Send(PeerRequestKind.Release, group));

    /// <summary>Asks the peer to turn maintenance mode on or off; false when the peer is not alive to hear it.</summary>
    public bool RequestMaintenance(bool on)
    {
        if (State != PeerState.Alive)
            return false;
        Post(new GroupPeerInput.Send(on ? PeerRequestKind.MaintenanceOn : PeerRequestKind.MaintenanceOff, ""));
        return true;
    }

    /// <summary>An outdate request or answer of a volume (fencing); dropped, and logged, while the peer is not alive.</summary>
    public void SendFencing(GroupPeerInput.Send request) => Post(request);

    /// <summary>Where this node's states come from and where the peer's requests go. Call before <see cref="Start"/>.</summary>
    /// <param name="localVolumes">This node's volumes that its groups use; read on every poll (a resync's progress goes out with it).</param>
    public void Attach(Func<IReadOnlyDictionary<string, GroupState>> localStates, Action<PeerRequest> deliver, Func<IReadOnlyList<VolumeReport>>? localVolumes = null)
    {
        _localStates = localStates;
        _deliver = deliver;
        _localVolumes = localVolumes ?? (() => []);
    }

    /// <summary>The local groups changed: their states (read on the loop, so never an older picture after a newer one) go into the next heartbeat.</summary>
    public void LocalStatesChanged() => _inbox.Writer.TryWrite(ReadLocal);

    /// <summary>Puts the current states in the payload at once (before the first heartbeat goes out), then starts the loop.</summary>
    public void Start()
    {
        Execute(_core.Handle(ReadLocalStates()));
        _membership.Changed += _onMembership;
        _loop = Task.Run(LoopAsync);
        _ticker = Task.Run(TickAsync);
        _inbox.Writer.TryWrite(Observe);
    }

    /// <summary>
    /// At shutdown: waits until the peer has acknowledged every request and reports <paramref name="groups"/> starting
    /// or started (it took the offers), or is not alive, at most <paramref name="limit"/>. The offers themselves may
    /// still be on their way from the groups, which is why the peer's side is what counts.
    /// </summary>
    public async Task FlushAsync(IReadOnlyCollection<string> groups, TimeSpan limit)
    {
        var start = _time.GetTimestamp();
        while (_view is { State: PeerState.Alive } v
            && (v.Outstanding > 0 || groups.Any(g => v.Groups.GetValueOrDefault(g) is not (GroupState.Starting or GroupState.Started))))
        {
            if (_time.GetElapsedTime(start) >= limit)
            {
                var missing = groups.Where(g => v.Groups.GetValueOrDefault(g) is not (GroupState.Starting or GroupState.Started));
                _log.FlushTimedOut(_peerName, v.Outstanding, string.Join(", ", missing), limit);
                return;
            }
            await Task.Delay(_poll, _time);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _membership.Changed -= _onMembership;
        _inbox.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_loop, _ticker);
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    GroupPeerInput.LocalStates ReadLocalStates() => new(_localStates()) { Volumes = _localVolumes() };

    Task Post(GroupPeerInput input)
    {
        _inbox.Writer.TryWrite(input);
        return Task.CompletedTask;
    }
}
