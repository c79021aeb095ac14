using Tandem.Streams;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Tandem.Replication.Protocol;

namespace Tandem.Replication.Link;

/// <summary>
/// One TCP (or TLS) connection of a <see cref="ReplicationLink"/>: a receiving thread of its own that runs the
/// handshake and then delivers packets (the owner may take them right there), a single writer that drains the send
/// queue, and a keepalive. The socket is read and written directly (<see cref="DirectSocketStream"/>), never through
/// the runtime's socket engine. The link owns the decisions (which connection to keep); the connection only pumps
/// bytes and reports.
/// </summary>
internal sealed partial class LinkConnection
{
    private static long s_nextId;

    private readonly ReplicationLink _link;
    private readonly LinkSettings _settings;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _abortWrites = new();
    private readonly TaskCompletionSource<bool> _handshakeOutcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Stream? _stream;
    private DirectSocketStream? _direct;
    private Task _writer = Task.CompletedTask;
    private Task _keepalive = Task.CompletedTask;
    private FrameInputBuffer? _input;
    private int _closed;
    private volatile bool _established;

    public LinkConnection(ReplicationLink link, LinkSettings settings, ILogger log, TimeProvider time, Socket socket, bool outgoing,
        byte[] challenge, Func<ReadOnlyMemory<byte>, bool> isOwnChallenge)
    {
        _link = link;
        _settings = settings;
        _log = log;
        _time = time;
        _socket = socket;
        Outgoing = outgoing;
        Challenge = challenge;
        Id = Interlocked.Increment(ref s_nextId);
        RemoteEndPoint = socket.RemoteEndPoint?.ToString() ?? "?";
        Handshake = new LinkHandshake(settings, challenge, isOwnChallenge);
        _lastReceived = time.GetTimestamp();
    }

    public long Id { get; }

    public bool Outgoing { get; }

    public string Direction => Outgoing ? "outgoing" : "incoming";

    public string RemoteEndPoint { get; }

    public ReadOnlyMemory<byte> Challenge { get; }

    /// <summary>Driven by the link under its lock only.</summary>
    public LinkHandshake Handshake { get; }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public string CloseReason { get; private set; } = "";

    /// <summary>True once established, false when closed before that.</summary>
    public Task<bool> HandshakeOutcome => _handshakeOutcome.Task;

    public PeerHello PeerHello
    {
        get
        {
            Hello h = Handshake.Peer!;
            return new PeerHello(h.Node, h.Version, h.Features, h.DataSize, RemoteEndPoint, Outgoing);
        }
    }

    /// <summary>The connection's run (its receiving thread, then the release); completes once everything is released.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = Task.Run(RunAsync);

    /// <summary>Called by the link (under its lock) when both sides agreed on this connection.</summary>
    public void MarkEstablished()
    {
        _established = true;
        _handshakeOutcome.TrySetResult(true);
    }

    /// <summary>
    /// Starts closing: the link is told at once (a Lost is emitted if this was the connection in use), reading stops,
    /// what is already queued (such as a Goodbye) is still written for a short while. Safe to call more than once.
    /// </summary>
    public bool Close(string reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return false;
        }

        CloseReason = reason;
        _handshakeOutcome.TrySetResult(false);
        _link.OnConnectionClosing(this, reason);
        _sendQueue.Writer.TryComplete();
        _ = _stopReading.CancelAsync();
        return true;
    }

    public async Task RunAsync()
    {
        try
        {
            await OnOwnThreadAsync(Receive).ConfigureAwait(false);
        }
        catch (ReplicationProtocolException e)
        {
            ReplicationLinkLog.ProtocolViolation(_log, _settings.Volume, Id, RemoteEndPoint, e.Message);
            Close($"malformed frame from the peer: {e.Message}");
        }
        catch (AuthenticationException e)
        {
            ReplicationLinkLog.TlsFailed(_log, _settings.Volume, RemoteEndPoint, e.Message);
            Close($"TLS failed: {e.Message}");
        }
        catch (OperationCanceledException) when (IsClosed)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Close(e is EndOfStreamException ? e.Message : $"connection failed: {e.Message}");
        }
        finally
        {
            Close("connection closed");
            await FinishAsync(_writer, _keepalive).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The connection's own thread (DRBD's receiver): the handshake, then every packet the peer sends, read straight from
    /// the socket (see <see cref="DirectSocketStream"/>). The writer and the keepalive start from here.
    /// </summary>
    private void Receive()
    {
        using (var handshakeTimer = new CancellationTokenSource(_settings.HandshakeTimeout, _time))
        using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stopReading.Token, handshakeTimer.Token))
        {
            try
            {
                _stream = OpenStream(handshake.Token);
                _input = new FrameInputBuffer(_stream, 256 * 1024, _stream is DirectSocketStream ? SetReceiveLowWater : null);
                _writer = WriteLoopAsync();
                _link.StartHandshake(this);
                while (!_established && !IsClosed)
                {
                    (ReplicationPacket packet, _) = ReadFrame(ReplicationLimits.MaxHandshakePayloadLength, pooled: false)
                        ?? throw new EndOfStreamException("the peer closed the connection during the handshake");
                    _link.OnHandshakePacket(this, packet);
                }
            }
            catch (Exception e) when (handshakeTimer.IsCancellationRequested && !IsClosed
                && e is OperationCanceledException or IOException or AuthenticationException)
            {
                ReplicationLinkLog.HandshakeTimedOut(_log, _settings.Volume, Id, RemoteEndPoint, _settings.HandshakeTimeout);
                _link.RejectAfterTimeout(this);
            }
        }

        if (_established && !IsClosed)
        {
            _direct!.Cancellation = _stopReading.Token;
            _keepalive = KeepaliveLoopAsync(_stopReading.Token);
            ReceiveLoop(_stopReading.Token);
        }
    }

    /// <summary>Lets the writer flush what was queued (a Goodbye) for up to a second, then releases everything.</summary>
    private async Task FinishAsync(Task writer, Task keepalive)
    {
        Task grace = Task.Delay(TimeSpan.FromSeconds(1), _time);
        if (await Task.WhenAny(writer, grace).ConfigureAwait(false) != writer)
        {
            await _abortWrites.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(writer, keepalive).ConfigureAwait(false);
        ReleaseUnsent();
        _socket.Dispose();
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }

        _input?.Dispose();
        ReturnScratch();
        _link.OnConnectionClosed(this);
    }
}
