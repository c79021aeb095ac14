using System.Net;
using System.Net.Sockets;

namespace Tandem.Tests.Integration.Replication;

/// <summary>
/// A TCP relay on loopback in front of one node's replication port, so a test can cut the replication link
/// alone (heartbeat, which is UDP and goes direct, is untouched): <see cref="Sever"/> ends every relayed connection
/// and turns new ones away, as a switch port going down does; <see cref="Restore"/> lets connections through again.
/// </summary>
public sealed class LinkProxy : IDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly IPEndPoint _target;
    readonly List<Socket> _open = [];
    readonly CancellationTokenSource _stop = new();
    readonly Task _accepting;
    volatile bool _severed;

    public LinkProxy(int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = Task.Run(AcceptAsync);
    }

    public int Port { get; }

    /// <summary>Connections relayed so far.</summary>
    public int Relayed { get; private set; }

    public void Sever()
    {
        _severed = true;
        Socket[] open;
        lock (_open)
        {
            open = [.. _open];
            _open.Clear();
        }
        foreach (var s in open)
            s.Dispose();
    }

    public void Restore() => _severed = false;

    async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { return; }
            if (_severed)
            {
                client.Dispose();
                continue;
            }
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Dispose();
                server.Dispose();
                continue;
            }
            lock (_open)
            {
                _open.Add(client);
                _open.Add(server);
            }
            Relayed++;
            _ = RelayAsync(client, server);
            _ = RelayAsync(server, client);
        }
    }

    static async Task RelayAsync(Socket from, Socket to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                int n = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (n == 0)
                    break;
                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        from.Dispose();
        to.Dispose();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Sever();
        try { _accepting.Wait(TimeSpan.FromSeconds(5)); }
        catch (AggregateException) { }
        _stop.Dispose();
    }
}
