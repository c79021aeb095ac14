using System.Net.Sockets;

namespace Tandem.Nbd;

public sealed partial class NbdServer
{
    private async Task AcceptLoopAsync(Socket listener)
    {
        bool unix = listener.AddressFamily == AddressFamily.Unix;
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (_stopping.IsCancellationRequested && e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // Out of descriptors and similar: back off instead of spinning.
                NbdLog.AcceptFailed(_log, e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(100), _options.TimeProvider).ConfigureAwait(false);
                continue;
            }

            Configure(socket, unix);
            string transport = unix ? "unix" : $"tcp {socket.RemoteEndPoint}";
            NbdPeerCredentials? peer = unix ? NbdPeerCredentials.FromUnixSocket(socket) : null;
            _ = Serve(new NetworkStream(socket, ownsSocket: true), transport, peer);
        }
    }

    /// <summary>Serves one already connected duplex stream (used by the listeners, and by tests).</summary>
    internal Task Serve(Stream stream, string transport, NbdPeerCredentials? peer = null)
    {
        long id = Interlocked.Increment(ref _nextConnectionId);
        var connection = new NbdServerConnection(id, stream, transport, peer, _exports, _options, _log);
        NbdLog.ConnectionOpened(_log, id, connection.Snapshot().Describe());
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task run = RunAsync();
        _connections[id] = (connection, run);
        started.SetResult();
        if (_stopping.IsCancellationRequested)
        {
            connection.Stop();
        }

        return run;

        async Task RunAsync()
        {
            await started.Task.ConfigureAwait(false);
            try
            {
                await connection.RunAsync().ConfigureAwait(false);
            }
            finally
            {
                _connections.TryRemove(id, out _);
            }
        }
    }

    private void Configure(Socket socket, bool unix)
    {
        try
        {
            if (!unix)
            {
                socket.NoDelay = true;
            }

            socket.SendBufferSize = _options.SocketBufferBytes;
            socket.ReceiveBufferSize = _options.SocketBufferBytes;
        }
        catch (SocketException e)
        {
            NbdLog.AcceptFailed(_log, $"socket options: {e.Message}");
        }
    }
}
