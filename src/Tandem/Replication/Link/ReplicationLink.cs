using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tandem.Config;
using Tandem.Replication.Protocol;

namespace Tandem.Replication.Link;

/// <summary>
/// The replication connection of one volume to its peer. It listens on our address and connects to the peer's at the
/// same time, authenticates every connection (<see cref="LinkHandshake"/>), keeps exactly one (crossed connections are
/// resolved by the node with the lower name, which prefers the one it opened), reconnects with jittered exponential
/// backoff and pings an idle connection. Packets go out in FIFO order through one writer per connection;
/// <see cref="Events"/> reports Established, Received and Lost in order.
/// </summary>
public sealed partial class ReplicationLink : IAsyncDisposable
{
    private readonly LinkSettings _settings;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Random _random;
    private readonly object _gate = new();
    private readonly Channel<LinkEvent> _events = Channel.CreateUnbounded<LinkEvent>(new UnboundedChannelOptions { AllowSynchronousContinuations = false });
    private readonly SemaphoreSlim _credits;
    private readonly CancellationTokenSource _stop = new();
    private readonly (string Host, int Port) _local;
    private readonly (string Host, int Port) _peer;
    private Task _loops = Task.CompletedTask;
    private LinkState _state = LinkState.Stopped;
    private bool _started;
    private bool _stopping;

    public ReplicationLink(LinkSettings settings, ILoggerFactory logs, TimeProvider time, Random random)
    {
        if (settings.Key.Length == 0)
        {
            throw new ArgumentException($"volume {settings.Volume}: the cluster key is empty; put the shared secret in auth_key_file", nameof(settings));
        }

        _settings = settings;
        _log = logs.CreateLogger("Tandem.Replication.Link");
        _time = time;
        _random = random;
        _local = Parse(settings.LocalAddress, settings.LocalNode);
        _peer = Parse(settings.PeerAddress, settings.PeerNode);
        _credits = new SemaphoreSlim(Math.Max(1, settings.ReceiveQueueLength));
        Events = new LinkEventReader(_events.Reader, OnConsumed);
    }

    /// <summary>
    /// Called exactly once for every packet with a payload that <see cref="TrySend"/> accepted, once the link no longer
    /// reads that payload: it was copied into a batch or written to the socket (on the writer's thread), or it was
    /// dropped with its connection (after the connection's writer has stopped). The memory may then be reused.
    /// </summary>
    public Action<ReplicationPacket>? PayloadReleased { get; init; }

    /// <summary>Established, Received and Lost, in order; completes after <see cref="StopAsync"/>.</summary>
    public ChannelReader<LinkEvent> Events { get; }

    /// <summary>
    /// Optional: called after every event written to <see cref="Events"/> and after it completes, so the owner can take
    /// events as they come instead of keeping a task waiting on the channel. A received packet's call is made on the
    /// thread that read it, outside the link's lock (the owner that takes it there saves waking another thread, on
    /// both sides of every round trip); the others are made on the thread pool. Calls may overlap: the owner takes
    /// events one consumer at a time, and looks again after it stops (an event may arrive just as it does).
    /// </summary>
    public Action? EventsAvailable { get; init; }

    public LinkState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Starts listening and connecting; returns at once.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_started)
            {
                throw new InvalidOperationException("the link is already started");
            }

            _started = true;
            SetState(LinkState.Connecting);
        }

        _loops = Task.WhenAll(Task.Run(() => AcceptLoopAsync(_stop.Token)), Task.Run(() => ConnectLoopAsync(_stop.Token)));
    }

    /// <summary>
    /// Queues <paramref name="packet"/> for the peer without waiting; false when there is no connection the owner has
    /// seen Established on (sending starts once that event has been taken from <see cref="Events"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A handshake or keepalive packet, or a packet out of the wire format's bounds.</exception>
    public bool TrySend(ReplicationPacket packet)
    {
        if (packet is Hello or AuthResponse or Welcome or Ping or PingAck)
        {
            throw new ArgumentException($"the link sends {packet.GetType().Name} packets itself", nameof(packet));
        }

        ReplicationCodec.FrameLength(packet); // checks the bounds here rather than in the writer
        LinkConnection? target = Volatile.Read(ref _sendTarget);
        return target is not null && target.Send(packet);
    }

    /// <summary>Says goodbye to the peer, closes every connection, reports Lost if connected, then completes <see cref="Events"/>.</summary>
    public async Task StopAsync()
    {
        List<LinkConnection> connections;
        lock (_gate)
        {
            if (_stopping)
            {
                connections = [];
            }
            else
            {
                _stopping = true;
                connections = [.. _connections];
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (LinkConnection c in connections)
        {
            c.Send(new Goodbye("the peer is stopping"));
            c.Close("the link was stopped");
        }

        await _loops.ConfigureAwait(false);
        await Task.WhenAll(connections.Select(c => c.Completion)).ConfigureAwait(false);
        lock (_gate)
        {
            SetState(LinkState.Stopped);
        }

        _events.Writer.TryComplete();
        AnnounceLater();
        ReplicationLinkLog.Stopped(_log, _settings.Volume);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private void SetState(LinkState state)
    {
        if (_state != state)
        {
            ReplicationLinkLog.StateChanged(_log, _settings.Volume, _state, state);
            _state = state;
        }
    }

    private static (string Host, int Port) Parse(string address, string node) =>
        HostPort.TryParse(address, out string host, out int port, out string error)
            ? (host, port)
            : throw new ArgumentException($"the replication address of node {node}: {error}", nameof(address));
}
