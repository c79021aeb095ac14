using Tandem.Streams;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Tandem.Nbd.Protocol;

namespace Tandem.Nbd;

/// <summary>
/// One client connection: negotiation through <see cref="NbdServerHandshake"/>, then a reading loop that
/// dispatches every request to the block target concurrently and replies as each completes.
/// </summary>
internal sealed partial class NbdServerConnection
{
    private readonly Stream _stream;
    private readonly INbdExportProvider _exports;
    private readonly NbdServerOptions _options;
    private readonly ILogger _log;
    private readonly FrameInputBuffer _input;
    private readonly SemaphoreSlim _budget;
    private readonly CancellationTokenSource _stopReading = new();
    private readonly CancellationTokenSource _abortRequests = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _outstanding = 1; // the reading loop's own reference, plus one per request until its reply is written
    private volatile bool _broken;
    private volatile string? _exportName;

    public NbdServerConnection(long id, Stream stream, string transport, NbdPeerCredentials? peer,
        INbdExportProvider exports, NbdServerOptions options, ILogger log)
    {
        Id = id;
        Transport = transport;
        Peer = peer;
        ConnectedAt = options.TimeProvider.GetUtcNow();
        _stream = stream;
        _exports = exports;
        _options = options;
        _log = log;
        _input = new FrameInputBuffer(stream);
        _budget = new SemaphoreSlim(Math.Max(1, options.MaxInFlight));
    }

    public long Id { get; }

    public string Transport { get; }

    public NbdPeerCredentials? Peer { get; }

    public DateTimeOffset ConnectedAt { get; }

    public NbdConnectionInfo Snapshot() => new(Id, Transport, Peer, _exportName, ConnectedAt);

    /// <summary>Stop reading requests; in-flight ones are answered, then the connection closes.</summary>
    public void Stop() => _stopReading.Cancel();

    public async Task RunAsync()
    {
        string reason = "client disconnected";
        try
        {
            (INbdExport Export, ulong Size)? chosen = await NegotiateAsync().ConfigureAwait(false);
            if (chosen is { } c)
            {
                _exportName = c.Export.Name;
                reason = await TransmitAsync(c.Export, c.Size).ConfigureAwait(false);
            }
        }
        catch (NbdProtocolException e)
        {
            NbdLog.ProtocolViolation(_log, Id, e.Message);
            reason = "protocol violation";
        }
        catch (OperationCanceledException) when (_stopReading.IsCancellationRequested)
        {
            reason = _broken ? "reply could not be sent" : "server stopping";
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            NbdLog.ConnectionLost(_log, Id, e.Message);
            reason = "connection lost";
        }
        finally
        {
            await DrainAsync().ConfigureAwait(false);
            _input.Dispose();
            await _stream.DisposeAsync().ConfigureAwait(false);
            NbdLog.ConnectionClosed(_log, Id, reason);
        }
    }

    /// <summary>proto.md "Terminating the transmission phase": wait for in-flight requests before closing.</summary>
    private async Task DrainAsync()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            return;
        }

        Task timeout = Task.Delay(_options.DrainTimeout, _options.TimeProvider);
        if (await Task.WhenAny(_drained.Task, timeout).ConfigureAwait(false) != _drained.Task)
        {
            // Cancelled requests answer ESHUTDOWN (proto.md "Terminating the transmission phase"); give them a moment.
            NbdLog.DrainTimedOut(_log, Id, Volatile.Read(ref _outstanding));
            _abortRequests.Cancel();
            Task grace = Task.Delay(TimeSpan.FromSeconds(1), _options.TimeProvider);
            await Task.WhenAny(_drained.Task, grace).ConfigureAwait(false);
        }
    }

    private void RequestFinished()
    {
        if (Interlocked.Decrement(ref _outstanding) == 0)
        {
            _drained.TrySetResult();
        }
    }
}
