using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tandem.Nbd;

/// <summary>
/// An NBD server (fixed newstyle, simple replies) on a Unix domain socket and/or TCP. Exports come from
/// an <see cref="INbdExportProvider"/>; what a request may do is decided by the export's block target.
/// </summary>
public sealed partial class NbdServer : IAsyncDisposable
{
    private readonly NbdServerOptions _options;
    private readonly INbdExportProvider _exports;
    private readonly ILogger _log;
    private readonly List<Socket> _listeners = [];
    private readonly List<Task> _acceptLoops = [];
    private readonly ConcurrentDictionary<long, (NbdServerConnection Connection, Task Run)> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _stateLock = new();
    private long _nextConnectionId;
    private bool _started;
    private Task? _stopTask;

    public NbdServer(NbdServerOptions options, INbdExportProvider exports, ILogger? logger = null)
    {
        _options = options;
        _exports = exports;
        _log = logger ?? NullLogger.Instance;
    }

    public string? UnixSocketPath => _options.UnixSocketPath;

    /// <summary>The bound TCP endpoint (with the real port when port 0 was asked for), once started.</summary>
    public IPEndPoint? TcpEndPoint { get; private set; }

    /// <summary>Number of open connections, negotiating or transmitting.</summary>
    public int ConnectionCount => _connections.Count;

    public IReadOnlyList<NbdConnectionInfo> GetConnections() =>
        _connections.Values.Select(c => c.Connection.Snapshot()).OrderBy(c => c.Id).ToArray();

    /// <summary>Connections in transmission on <paramref name="exportName"/> (e.g. to refuse a demotion while held open).</summary>
    public IReadOnlyList<NbdConnectionInfo> GetConnections(string exportName) =>
        GetConnections().Where(c => c.ExportName == exportName).ToArray();

    /// <summary>Binds the listeners and starts accepting.</summary>
    public void Start()
    {
        lock (_stateLock)
        {
            if (_started)
            {
                throw new InvalidOperationException("NBD server already started");
            }

            if (_options.UnixSocketPath is null && _options.TcpEndPoint is null)
            {
                throw new InvalidOperationException("an NBD server needs a unix socket path or a TCP endpoint to listen on");
            }

            _started = true;
            try
            {
                if (_options.UnixSocketPath is { } path)
                {
                    Socket unix = NbdUnixListener.Listen(path, _log);
                    _listeners.Add(unix);
                    NbdLog.ListeningUnix(_log, path);
                }

                if (_options.TcpEndPoint is { } endPoint)
                {
                    var tcp = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
                    _listeners.Add(tcp);
                    tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    tcp.Bind(endPoint);
                    tcp.Listen(512);
                    TcpEndPoint = (IPEndPoint)tcp.LocalEndPoint!;
                    NbdLog.ListeningTcp(_log, TcpEndPoint.ToString());
                }
            }
            catch
            {
                CloseListeners();
                throw;
            }

            foreach (Socket listener in _listeners)
            {
                _acceptLoops.Add(AcceptLoopAsync(listener));
            }
        }
    }

    /// <summary>
    /// Closes the listeners, stops reading on every connection, lets in-flight requests finish
    /// (up to <see cref="NbdServerOptions.DrainTimeout"/>) and closes the connections.
    /// </summary>
    public Task StopAsync()
    {
        lock (_stateLock)
        {
            return _stopTask ??= StopCoreAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task StopCoreAsync()
    {
        _stopping.Cancel();
        CloseListeners();
        await Task.WhenAll(_acceptLoops).ConfigureAwait(false);
        var open = _connections.Values.ToArray();
        foreach (var (connection, _) in open)
        {
            connection.Stop();
        }

        await Task.WhenAll(open.Select(c => c.Run)).ConfigureAwait(false);
        if (_options.UnixSocketPath is { } path && _started)
        {
            TryDelete(path);
        }

        NbdLog.Stopped(_log, open.Length);
    }

    private void CloseListeners()
    {
        foreach (Socket listener in _listeners)
        {
            listener.Dispose();
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
