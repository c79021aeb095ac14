using Microsoft.Extensions.Logging;
using Tandem.Config;
using Tandem.Daemon;
using Tandem.Heartbeat.Protocol;

namespace Tandem.Heartbeat;

/// <summary>
/// The node's membership: sends a heartbeat every keepalive on every link and feeds what arrives (and the
/// passing of time) to <see cref="MembershipStateMachine"/>. With a single-node config it does nothing.
/// </summary>
public sealed partial class HeartbeatService : IMembership, IAsyncDisposable
{
    readonly TandemConfig _config;
    readonly ClusterOptions _cluster;
    readonly string _self;
    readonly ILogger _log;
    readonly TimeProvider _time;
    readonly EventJournal _journal;
    readonly long _startTimestamp;
    readonly object _lock = new();
    readonly MembershipStateMachine? _machine;
    readonly List<HeartbeatLinkSockets> _links = [];
    readonly CancellationTokenSource _stop = new();
    readonly List<Task> _loops = [];
    readonly byte[] _key = [];
    byte[] _localPayload = [];
    NodeState _peerState = NodeState.Unknown;

    /// <param name="key">The cluster key; may be null only without a peer.</param>
    public HeartbeatService(TandemConfig config, string self, AuthKey? key, ILoggerFactory logs, TimeProvider time, EventJournal journal)
    {
        _config = config;
        _cluster = config.Cluster;
        _self = self;
        _log = logs.CreateLogger("Tandem.Heartbeat");
        _time = time;
        _journal = journal;
        _startTimestamp = time.GetTimestamp();
        Generation = RestartGeneration.At(time);
        Peer = config.PeerOf(self);
        if (Peer is null)
            return;
        _key = key?.Bytes.ToArray() ?? throw new ArgumentNullException(nameof(key), "a two-node cluster needs the auth key");
        var mine = config.Nodes[self].Heartbeat;
        var theirs = config.Nodes[Peer].Heartbeat;
        LinkCount = Math.Min(Math.Min(mine.Count, theirs.Count), HeartbeatLimits.MaxLinks);
        if (LinkCount == 0)
            throw new InvalidOperationException($"{(mine.Count == 0 ? self : Peer)} has no heartbeat endpoint; add heartbeat = [\"IP:694\"] to [nodes.{(mine.Count == 0 ? self : Peer)}]");
        if (mine.Count != theirs.Count)
            _log.LinkCountMismatch(self, mine.Count, Peer, theirs.Count, LinkCount);
        _machine = new MembershipStateMachine(
            new MembershipSetup(_cluster.Name, self, Peer, theirs.Take(LinkCount).ToList(), _cluster.Warntime, _cluster.Deadtime, _cluster.Initdead),
            TimeSpan.Zero);
    }

    public string? Peer { get; }

    /// <summary>This daemon's restart generation (see <see cref="RestartGeneration"/>).</summary>
    public ulong Generation { get; }

    public int LinkCount { get; }

    public NodeState PeerState => _peerState;

    public ReadOnlyMemory<byte> PeerPayload
    {
        get { lock (_lock) return _machine?.PeerPayload ?? ReadOnlyMemory<byte>.Empty; }
    }

    public event Action<MembershipEvent>? Changed;

    public void SetLocalPayload(ReadOnlyMemory<byte> payload)
    {
        if (payload.Length > HeartbeatLimits.MaxPayloadBytes)
            throw new ArgumentException($"a heartbeat payload holds at most {HeartbeatLimits.MaxPayloadBytes} bytes, not {payload.Length}", nameof(payload));
        Volatile.Write(ref _localPayload, payload.ToArray());
    }

    public PeerSnapshot? Snapshot()
    {
        lock (_lock)
            return _machine?.Snapshot();
    }

    /// <summary>Opens the sockets and starts sending, receiving and checking deadlines.</summary>
    public void Start()
    {
        if (_machine is null || Peer is null)
        {
            _log.Alone();
            return;
        }
        var mine = _config.Nodes[_self].Heartbeat;
        var theirs = _config.Nodes[Peer].Heartbeat;
        try
        {
            for (var i = 0; i < LinkCount; i++)
            {
                var link = HeartbeatLinkSockets.Open(i, HeartbeatEndpoint.Resolve(mine[i]), HeartbeatEndpoint.Resolve(theirs[i]), _cluster.HeartbeatMode, _cluster.MulticastGroup);
                _links.Add(link);
                _log.LinkOpened(i, link.Local.ToString(), link.Destination.ToString());
            }
        }
        catch
        {
            foreach (var l in _links)
                l.Dispose();
            throw;
        }
        _log.Started(ConfigNames.Of(HeartbeatModeNames.All, _cluster.HeartbeatMode), LinkCount, Peer, _cluster.Keepalive, Generation);
        foreach (var link in _links)
            foreach (var socket in link.Receivers)
                _loops.Add(Task.Run(() => ReceiveLoop(link, socket, _stop.Token)));
        _loops.Add(Task.Run(() => SendLoop(_stop.Token)));
        _loops.Add(Task.Run(() => TickLoop(_stop.Token)));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var l in _links)
            l.Dispose();
        try { await Task.WhenAll(_loops); }
        catch (OperationCanceledException) { }
        _stop.Dispose();
    }
}
