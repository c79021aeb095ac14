using System.Net;
using System.Net.Sockets;
using Tandem.Config;
using Tandem.Replication.Link;

namespace Tandem.Tests.Integration.Replication.Link;

/// <summary>Settings, ports and event helpers for link tests on 127.0.0.1.</summary>
internal static class LinkTestKit
{
    public static readonly byte[] Key = "integration-test-cluster-key-0001"u8.ToArray();

    /// <summary>Generous bound on waiting for something that must happen; a hang fails the test instead of blocking it.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public static LinkSettings Settings(string local, int localPort, string peer, int peerPort) => new()
    {
        Cluster = "db",
        Volume = "r0",
        LocalNode = local,
        PeerNode = peer,
        LocalAddress = $"127.0.0.1:{localPort}",
        PeerAddress = $"127.0.0.1:{peerPort}",
        Protocol = ReplicationProtocol.C,
        DataSize = 1L << 30,
        Key = Key,
        ReconnectMinDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
    };

    public static ReplicationLink NewLink(LinkSettings settings, CapturingLogs logs, int seed = 1) =>
        new(settings, logs, TimeProvider.System, new Random(seed));

    /// <summary>alpha on <paramref name="portA"/> and bravo on <paramref name="portB"/>, started (not yet connected); each side's settings changed as given.</summary>
    public static async Task<(ReplicationLink A, ReplicationLink B, CapturingLogs LogsA, CapturingLogs LogsB)> PairAsync(
        int portA, int portB, Func<LinkSettings, LinkSettings>? changeB = null, Func<LinkSettings, LinkSettings>? changeA = null)
    {
        var logsA = new CapturingLogs();
        var logsB = new CapturingLogs();
        var a = NewLink((changeA ?? (s => s))(Settings("alpha", portA, "bravo", portB)), logsA, 1);
        var b = NewLink((changeB ?? (s => s))(Settings("bravo", portB, "alpha", portA)), logsB, 2);
        a.Start();
        b.Start();
        await Task.Yield();
        return (a, b, logsA, logsB);
    }

    /// <summary>The next event, failing the test if none comes within <see cref="Patience"/>.</summary>
    public static async Task<LinkEvent> NextAsync(this ReplicationLink link, CapturingLogs? logs = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            return await link.Events.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"no link event within {Patience}\n{logs}");
        }
    }

    public static async Task<T> NextAsync<T>(this ReplicationLink link, CapturingLogs? logs = null) where T : LinkEvent
    {
        LinkEvent e = await link.NextAsync(logs);
        return e as T ?? throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {e}\n{logs}");
    }

    /// <summary>Polls a condition that must become true (not a timing assertion: only a bound against hanging).</summary>
    public static async Task EventuallyAsync(Func<bool> condition, string what, CapturingLogs? logs = null)
    {
        DateTime end = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > end)
            {
                throw new Xunit.Sdk.XunitException($"never happened: {what}\n{logs}");
            }

            await Task.Delay(20);
        }
    }
}
