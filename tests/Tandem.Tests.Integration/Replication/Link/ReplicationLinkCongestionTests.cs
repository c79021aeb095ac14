using System.Diagnostics;
using Tandem.Replication.Link;
using Tandem.Replication.Protocol;
using static Tandem.Tests.Integration.Replication.Link.LinkTestKit;

namespace Tandem.Tests.Integration.Replication.Link;

/// <summary>
/// <c>tcp_congestion</c> on real sockets: what the kernel reports for each end of the established connection
/// (<c>ss -ti</c>), whichever side made it.
/// </summary>
public sealed class ReplicationLinkCongestionTests
{
    [Fact]
    public async Task Each_end_of_the_connection_uses_its_own_nodes_algorithm()
    {
        int portA = FreePort(), portB = FreePort();
        var (a, b, logsA, logsB) = await PairAsync(portA, portB, changeA: s => s with { TcpCongestion = "reno" }, changeB: s => s with { TcpCongestion = "cubic" });
        await using (a)
        await using (b)
        {
            await a.NextAsync<LinkEvent.Established>(logsA);
            await b.NextAsync<LinkEvent.Established>(logsB);

            // The connection that lost the crossing may linger for a moment: wait for exactly one, both of its ends.
            IReadOnlyList<(int Local, int Peer, string Algorithm)> ends = [];
            await EventuallyAsync(() => (ends = Ends(portA, portB)).Count == 2, "one established connection between the two links", logsA);
            foreach (var (local, peer, algorithm) in ends)
            {
                bool alphas = local == portA || peer == portB;
                Assert.Equal(alphas ? "reno" : "cubic", algorithm);
            }

            Assert.True(a.TrySend(new RecvAck(7)));
            Assert.Equal(new RecvAck(7), (await b.NextAsync<LinkEvent.Received>(logsB)).Packet);
            Assert.Empty(logsA.WithId(1823));
        }
    }

    [Fact]
    public async Task An_algorithm_the_kernel_lacks_is_said_once_and_the_link_still_connects()
    {
        var (a, b, logsA, logsB) = await PairAsync(FreePort(), FreePort(), changeA: s => s with { TcpCongestion = "nosuchcc" });
        await using (a)
        await using (b)
        {
            await a.NextAsync<LinkEvent.Established>(logsA);
            await b.NextAsync<LinkEvent.Established>(logsB);

            Assert.True(a.TrySend(new WriteAck(3)));
            Assert.Equal(new WriteAck(3), (await b.NextAsync<LinkEvent.Received>(logsB)).Packet);
            string line = Assert.Single(logsA.WithId(1823));
            Assert.Contains("\"nosuchcc\"", line);
            Assert.Contains("tcp_available_congestion_control", line);
            Assert.Empty(logsB.WithId(1823));
        }
    }

    /// <summary>Established TCP sockets on loopback with one end on either port, with the congestion control <c>ss</c> reports.</summary>
    private static List<(int Local, int Peer, string Algorithm)> Ends(int portA, int portB)
    {
        var psi = new ProcessStartInfo("ss", ["-t", "-i", "-n", "-H", "state", "established",
            $"( sport = :{portA} or dport = :{portA} or sport = :{portB} or dport = :{portB} )"])
        { RedirectStandardOutput = true };
        using var ss = Process.Start(psi)!;
        string[] lines = ss.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        ss.WaitForExit();
        Assert.Equal(0, ss.ExitCode);

        // Each socket is a line "Recv-Q Send-Q LOCAL PEER" followed by an indented line that starts with the algorithm.
        var ends = new List<(int, int, string)>();
        for (int i = 0; i + 1 < lines.Length; i++)
        {
            if (char.IsWhiteSpace(lines[i][0]))
            {
                continue;
            }

            string[] columns = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            string algorithm = lines[i + 1].Trim().Split(' ')[0];
            ends.Add((PortOf(columns[^2]), PortOf(columns[^1]), algorithm));
        }

        return ends;
    }

    private static int PortOf(string endPoint) => int.Parse(endPoint[(endPoint.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
}
