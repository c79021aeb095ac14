using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Tandem.Heartbeat.Protocol;
using Tandem.Tests.Integration.Volume;

namespace Tandem.Tests.Integration.Heartbeat;

/// <summary>Two real daemons on loopback: membership, death after deadtime, forged and replayed heartbeats.</summary>
public class HeartbeatMembershipTests
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    static string State(JsonElement status, string node) => TwoNodeCluster.NodeIn(status, node).GetProperty("state").GetString()!;

    static JsonElement Dropped(JsonElement status, string node) => TwoNodeCluster.NodeIn(status, node).GetProperty("dropped");

    static IEnumerable<string> Events(JsonElement status) =>
        status.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("text").GetString()!);

    [Theory]
    [InlineData("unicast")]
    [InlineData("broadcast")]
    [InlineData("multicast")]
    public void Both_daemons_see_each_other_up(string mode)
    {
        using var c = new TwoNodeCluster(mode);
        c.Start("alpha");
        c.Start("beta");
        var a = c.WaitFor("alpha", s => State(s, "beta") == "up", Patience, "alpha sees beta up");
        var b = c.WaitFor("beta", s => State(s, "alpha") == "up", Patience, "beta sees alpha up");

        Assert.Equal(TwoNodeCluster.Cluster, a.GetProperty("cluster").GetString());
        Assert.Equal("alpha", a.GetProperty("node").GetString());
        Assert.Equal("up", State(a, "alpha"));
        var link = Assert.Single(TwoNodeCluster.NodeIn(a, "beta").GetProperty("links").EnumerateArray());
        Assert.Equal($"127.0.0.1:{c.Ports["beta"]}", link.GetProperty("endpoint").GetString());
        Assert.Equal("up", link.GetProperty("state").GetString());
        Assert.Contains("beta up (link 0)", Events(a));
        Assert.Contains("alpha up (link 0)", Events(b));
        Assert.Equal(0, Dropped(a, "beta").GetProperty("forged").GetInt64());
        Assert.Equal(0, Dropped(a, "beta").GetProperty("replayed").GetInt64());

        var table = c.Cli("alpha", "status");
        Assert.Equal(0, table.Exit);
        Assert.Matches(@"beta\s+up\s+127\.0\.0\.1:\d+ up", table.Out);
    }

    [Fact]
    public void A_peer_killed_with_sigkill_is_reported_dead_after_deadtime()
    {
        using var c = new TwoNodeCluster();
        c.Start("alpha");
        c.Start("beta");
        c.WaitFor("alpha", s => State(s, "beta") == "up", Patience, "alpha sees beta up");

        c.KillHard("beta");
        var s = c.WaitFor("alpha", s => State(s, "beta") == "dead", Patience, "alpha reports beta dead");
        Assert.Equal("dead", TwoNodeCluster.NodeIn(s, "beta").GetProperty("links")[0].GetProperty("state").GetString());
        var dead = Assert.Single(Events(s), e => e.StartsWith("beta dead after ", StringComparison.Ordinal));
        Assert.Matches(@"^beta dead after \d+\.\d s silence$", dead);
        Assert.Contains(Events(s), e => e.StartsWith("late heartbeat from beta", StringComparison.Ordinal));

        // beta comes back with a new restart generation and is accepted.
        c.Start("beta");
        var back = c.WaitFor("alpha", s => State(s, "beta") == "up", Patience, "alpha sees beta up again");
        Assert.Contains(Events(back), e => e.StartsWith("beta restarted (generation ", StringComparison.Ordinal));
        Assert.Contains("beta up again (link 0)", Events(back));
    }

    [Fact]
    public void Forged_and_replayed_heartbeats_are_dropped_and_counted()
    {
        using var c = new TwoNodeCluster();
        c.Start("alpha");
        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var alpha = c.HeartbeatEndpoint("alpha");
        var generation = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        byte[] Frame(ulong seq, ulong gen, byte[] key) =>
            HeartbeatCodec.Encode(new HeartbeatMessage(HeartbeatMessageType.Heartbeat, TwoNodeCluster.Cluster, "beta", gen, seq, 0, "test"u8.ToArray()), key);
        var wrongKey = "a key that is not the cluster's"u8.ToArray();

        // The test speaks for beta with the real key, every keepalive: alpha takes it as beta.
        var first = Frame(1, generation, c.Key);
        using var stop = new ManualResetEventSlim();
        var beta = new Thread(() =>
        {
            udp.SendTo(first, alpha);
            for (ulong seq = 2; !stop.Wait(200); seq++)
                udp.SendTo(Frame(seq, generation, c.Key), alpha);
        });
        beta.Start();
        try
        {
            c.WaitFor("alpha", s => State(s, "beta") == "up", Patience, "alpha sees the test's beta up");
            udp.SendTo(Frame(3, generation, wrongKey), alpha);                 // forged
            udp.SendTo(first, alpha);                                          // replayed: old sequence
            udp.SendTo(Frame(1_000_000, generation - 1, c.Key), alpha);        // replayed: older generation
            udp.SendTo("not a heartbeat at all"u8.ToArray(), alpha);           // corrupt
            var s = c.WaitFor("alpha", s =>
                Dropped(s, "beta").GetProperty("forged").GetInt64() == 1
                && Dropped(s, "beta").GetProperty("replayed").GetInt64() == 2
                && Dropped(s, "beta").GetProperty("corrupt").GetInt64() == 1, Patience, "drops counted");
            Assert.Equal("up", State(s, "beta"));
            var events = Events(s).ToList();
            // The first drop of each kind on a link is journaled (then the 10th, 100th...); all are counted.
            Assert.Contains(events, e => e.StartsWith("dropped a forged heartbeat on link 0", StringComparison.Ordinal) && e.Contains("HMAC does not match"));
            Assert.Contains(events, e => e.StartsWith("dropped a replayed heartbeat on link 0", StringComparison.Ordinal) && e.Contains("sequence 1 on link 0, already past"));
            Assert.Contains(events, e => e.StartsWith("dropped a corrupt heartbeat on link 0", StringComparison.Ordinal) && e.Contains("bad magic"));
            Assert.Contains("dropped: 1 forged, 1 corrupt, 2 replayed", c.Cli("alpha", "status").Out);
        }
        finally
        {
            stop.Set();
            beta.Join();
        }

        // Once the test stops speaking, beta dies after deadtime, and replays or forgeries do not revive it.
        c.WaitFor("alpha", s => State(s, "beta") == "dead", Patience, "alpha reports the silent beta dead");
        udp.SendTo(first, alpha);
        udp.SendTo(Frame(ulong.MaxValue, generation, wrongKey), alpha);
        var after = c.WaitFor("alpha", s => Dropped(s, "beta").GetProperty("forged").GetInt64() == 2
            && Dropped(s, "beta").GetProperty("replayed").GetInt64() == 3, Patience, "later drops counted");
        Assert.Equal("dead", State(after, "beta"));
    }

    [Fact]
    public void A_daemon_refuses_a_key_file_others_can_read()
    {
        using var c = new TwoNodeCluster();
        File.SetUnixFileMode(c.KeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var r = Proc.Run(TandemNode.Executable, ["daemon"], new Dictionary<string, string> { ["TANDEM_CONFIG"] = c.ConfigPath, ["TANDEM_NODE"] = "alpha" }, timeoutMs: 30_000);
        Assert.Equal(1, r.Exit);
        Assert.Contains($"auth key file {c.KeyFile} is mode 0644, readable by others; run: chmod 600 {c.KeyFile}", r.Err);
        Assert.False(File.Exists(Path.Combine(c.Dir, "alpha.sock")));
    }
}
