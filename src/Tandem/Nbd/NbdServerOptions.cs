using System.Net;

namespace Tandem.Nbd;

/// <summary>Settings of an <see cref="NbdServer"/>. At least one of the listen addresses must be set.</summary>
public sealed record NbdServerOptions
{
    /// <summary>Unix domain socket to listen on; a stale socket file is replaced and the new one is mode 0600.</summary>
    public string? UnixSocketPath { get; init; }

    /// <summary>Optional TCP endpoint (port 0 picks a free port; see <see cref="NbdServer.TcpEndPoint"/>).</summary>
    public IPEndPoint? TcpEndPoint { get; init; }

    /// <summary>
    /// Per-connection request budget: a request costs one unit plus one per MiB of payload, so at most this
    /// many small requests (or a bounded number of bytes) are in flight before the server stops reading.
    /// </summary>
    public int MaxInFlight { get; init; } = 128;

    /// <summary>SO_SNDBUF / SO_RCVBUF of accepted sockets.</summary>
    public int SocketBufferBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>A client must have chosen an export within this time.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a closing connection waits for in-flight requests before cancelling them.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Run requests on the thread pool while others are in flight (true; a request alone on its connection
    /// still starts on the reading task), or always start them on the reading task (false). False saves a
    /// thread hop per request and is faster for targets whose calls go asynchronous at once; a target that
    /// does blocking I/O inside its calls (pread/pwrite/fsync) must keep true, or it serialises every request.
    /// </summary>
    public bool DispatchToThreadPool { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
