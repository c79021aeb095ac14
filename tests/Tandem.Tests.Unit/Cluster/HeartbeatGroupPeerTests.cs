using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Cluster;
using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;
using Tandem.Resources.Groups;

namespace Tandem.Tests.Unit.Cluster;

/// <summary>The adapter on its loop, against a membership the test controls.</summary>
public class HeartbeatGroupPeerTests
{
    sealed class FakeMembership : IMembership
    {
        volatile byte[] _local = [];

        public string? Peer => "n1";
        public NodeState PeerState { get; set; } = NodeState.Unknown;
        public ReadOnlyMemory<byte> PeerPayload { get; set; } = ReadOnlyMemory<byte>.Empty;
        public ClusterPayload Local => ClusterPayloadCodec.Read(_local);
        public void SetLocalPayload(ReadOnlyMemory<byte> payload) => _local = payload.ToArray();
        public event Action<MembershipEvent>? Changed;
        public PeerSnapshot? Snapshot() => null;
        public void Raise() => Changed?.Invoke(new MembershipEvent.NodeChanged("n1", NodeState.Unknown, PeerState, "n1 changed"));
        public int Subscribers => Changed?.GetInvocationList().Length ?? 0;
    }

    static void Eventually(Func<bool> condition, string what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), $"not reached: {what}");
            Thread.Sleep(5);
        }
    }

    static byte[] PeerPayload(ulong seq, GroupState state, params PeerRequest[] requests) =>
        ClusterPayloadCodec.ToArray(new ClusterPayload(77, seq, [new("mysql", state)], 0, 0, requests));

    [Fact]
    public async Task States_go_out_before_the_first_heartbeat_and_the_peer_is_read_from_membership()
    {
        var m = new FakeMembership();
        var delivered = new List<PeerRequest>();
        var changes = 0;
        await using var peer = new HeartbeatGroupPeer(m, 55, TimeSpan.FromMilliseconds(10), TimeProvider.System, NullLogger.Instance);
        peer.Attach(() => new Dictionary<string, GroupState> { ["mysql"] = GroupState.Stopped }, r => { lock (delivered) delivered.Add(r); });
        peer.Changed += () => Interlocked.Increment(ref changes);
        peer.Start();
        Assert.Equal([new GroupReport("mysql", GroupState.Stopped)], m.Local.Groups);
        Assert.Equal(55UL, m.Local.Incarnation);
        Assert.Equal(PeerState.Unknown, peer.State);

        var offer = new PeerRequest(1, PeerRequestKind.Offer, "mysql");
        m.PeerPayload = PeerPayload(1, GroupState.Stopped, offer);
        m.PeerState = NodeState.Up;
        m.Raise();
        Eventually(() => peer.State == PeerState.Alive, "the peer is alive");
        Eventually(() => { lock (delivered) return delivered.Count == 1; }, "the offer is delivered");
        Eventually(() => m.Local.AckSequence == 1, "the offer is acknowledged");
        Assert.Equal(GroupState.Stopped, peer.GroupOnPeer("mysql"));
        Assert.True(Volatile.Read(ref changes) >= 1);

        m.PeerPayload = PeerPayload(2, GroupState.Started, offer);
        Eventually(() => peer.GroupOnPeer("mysql") == GroupState.Started, "the peer's new state is read on the poll");
        lock (delivered)
            Assert.Equal([offer], delivered);

        await peer.RequestReleaseAsync("mysql", CancellationToken.None);
        Eventually(() => m.Local.Requests.Count == 1, "the release request is in the payload");
        Assert.Equal(PeerRequestKind.Release, m.Local.Requests[0].Kind);

        m.PeerState = NodeState.Dead;
        m.Raise();
        Eventually(() => peer.State == PeerState.Dead, "the peer is dead");
        Assert.Null(peer.GroupOnPeer("mysql"));
        Assert.Empty(m.Local.Requests);
        await peer.FlushAsync(["mysql"], TimeSpan.FromSeconds(5)); // returns at once: the peer is not alive
    }

    [Fact]
    public async Task At_shutdown_the_flush_waits_until_the_peer_has_taken_the_groups()
    {
        var m = new FakeMembership { PeerState = NodeState.Up, PeerPayload = PeerPayload(1, GroupState.Stopped) };
        await using var peer = new HeartbeatGroupPeer(m, 55, TimeSpan.FromMilliseconds(10), TimeProvider.System, NullLogger.Instance);
        peer.Attach(() => new Dictionary<string, GroupState> { ["mysql"] = GroupState.Stopped }, _ => { });
        peer.Start();
        Eventually(() => peer.State == PeerState.Alive, "the peer is alive");

        var flush = peer.FlushAsync(["mysql"], TimeSpan.FromSeconds(60));
        await peer.OfferAsync("mysql", CancellationToken.None);
        Eventually(() => m.Local.Requests.Count == 1, "the offer is in the payload");
        Thread.Sleep(200);
        Assert.False(flush.IsCompleted, "the flush returned before the peer took the group");

        m.PeerPayload = ClusterPayloadCodec.ToArray(new ClusterPayload(77, 2, [new("mysql", GroupState.Starting)], 55, m.Local.Requests[0].Sequence, []));
        await flush.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Empty(m.Local.Requests);
    }

    [Fact]
    public async Task Disposing_unsubscribes_from_membership()
    {
        var m = new FakeMembership();
        var peer = new HeartbeatGroupPeer(m, 1, TimeSpan.FromMilliseconds(10), TimeProvider.System, NullLogger.Instance);
        peer.Start();
        Assert.Equal(1, m.Subscribers);
        await peer.DisposeAsync();
        Assert.Equal(0, m.Subscribers);
    }
}
