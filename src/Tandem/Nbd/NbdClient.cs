using Tandem.Streams;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Nbd.Protocol;
using Tandem.Storage;

namespace Tandem.Nbd;

/// <summary>
/// An NBD client (fixed newstyle, NBD_OPT_GO with fallback to NBD_OPT_EXPORT_NAME, simple replies) that
/// is itself a block target. Thread-safe with any number of requests in flight: requests are written
/// under one lock, and one receiving loop matches replies to requests by cookie. Server errors surface as
/// <see cref="BlockIoException"/> with the errno the server sent.
/// </summary>
/// <remarks>
/// NBD cannot cancel a request once sent: a cancellation token is honoured only until the request is
/// on the wire; afterwards the call waits for the reply (or for the connection to fail or be disposed).
/// </remarks>
public sealed partial class NbdClient : IBlockTarget, IAsyncDisposable
{
    /// <summary>Write payloads up to this size are copied behind the header and sent in one write.</summary>
    private const int SmallWriteLimit = 64 * 1024;
    private const int MaxPooledRequests = 1024;

    private readonly Stream _stream;
    private readonly FrameInputBuffer _input;
    private readonly string _server;
    private readonly ILogger _log;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly byte[] _sendBuffer = GC.AllocateUninitializedArray<byte>(NbdRequest.Size + SmallWriteLimit, pinned: true);
    private readonly Dictionary<ulong, NbdPendingRequest> _pending = [];
    private readonly Lock _pendingLock = new();
    private readonly ConcurrentQueue<NbdPendingRequest> _pool = new();
    private Task _receiveLoop = Task.CompletedTask;
    private Exception? _failure; // set once under _pendingLock; every later request fails with it
    private ulong _nextCookie;
    private volatile bool _disposing;

    private NbdClient(Stream stream, string server, ILogger? logger)
    {
        _stream = stream;
        _server = server;
        _log = logger ?? NullLogger.Instance;
        _input = new FrameInputBuffer(stream);
    }

    public string ExportName { get; private set; } = "";

    public long SizeBytes { get; private set; }

    public NbdTransmissionFlags TransmissionFlags { get; private set; }

    /// <summary>Largest READ/WRITE sent in one request; larger calls are split.</summary>
    public int MaxPayload { get; private set; } = NbdLimits.MaxPayloadLength;

    /// <summary>False once the connection failed or was disposed.</summary>
    public bool IsConnected => Volatile.Read(ref _failure) is null;

    /// <summary>Connects to <c>nbd+unix:///EXPORT?socket=PATH</c> or <c>nbd://HOST[:PORT]/EXPORT</c>.</summary>
    public static Task<NbdClient> ConnectAsync(NbdUri uri, ILogger? logger = null, CancellationToken ct = default) =>
        uri.SocketPath is { } path
            ? ConnectUnixAsync(path, uri.ExportName, logger, ct)
            : ConnectTcpAsync(uri.Host!, uri.Port, uri.ExportName, logger, ct);

    public static async Task<NbdClient> ConnectUnixAsync(string socketPath, string exportName = "", ILogger? logger = null, CancellationToken ct = default)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
            SetBuffers(socket);
            return await ConnectAsync(new NetworkStream(socket, ownsSocket: true), exportName, $"unix:{socketPath}", logger, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async Task<NbdClient> ConnectTcpAsync(string host, int port, string exportName = "", ILogger? logger = null, CancellationToken ct = default)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(host, port, ct).ConfigureAwait(false);
            SetBuffers(socket);
            return await ConnectAsync(new NetworkStream(socket, ownsSocket: true), exportName, $"{host}:{port}", logger, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Negotiates over an already connected duplex stream, which the client then owns.</summary>
    public static async Task<NbdClient> ConnectAsync(Stream stream, string exportName, string serverDescription = "stream", ILogger? logger = null, CancellationToken ct = default)
    {
        var client = new NbdClient(stream, serverDescription, logger);
        try
        {
            await client.NegotiateAsync(exportName, ct).ConfigureAwait(false);
        }
        catch
        {
            client._input.Dispose();
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
        NbdLog.ClientConnected(client._log, serverDescription, client.ExportName, client.SizeBytes, client.TransmissionFlags);
        return client;
    }

    /// <summary>Sends NBD_CMD_DISC (the server answers what is in flight first) and closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposing)
        {
            return;
        }

        _disposing = true;
        if (IsConnected)
        {
            await SendDisconnectAsync().ConfigureAwait(false);
            await Task.WhenAny(_receiveLoop, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        }

        FailAll(new BlockIoException(Errno.ESHUTDOWN, $"NBD client for {_server} is disposed"));
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _input.Dispose();
    }

    private async Task SendDisconnectAsync()
    {
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            new NbdRequest(NbdCommandFlags.None, NbdCommand.Disconnect, 0, 0, 0).Write(_sendBuffer);
            await _stream.WriteAsync(_sendBuffer.AsMemory(0, NbdRequest.Size)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Already gone; closing below is all that is left.
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static void SetBuffers(Socket socket)
    {
        socket.SendBufferSize = 4 * 1024 * 1024;
        socket.ReceiveBufferSize = 4 * 1024 * 1024;
    }
}
