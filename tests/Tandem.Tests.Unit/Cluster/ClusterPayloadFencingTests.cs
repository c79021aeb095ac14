using System.Buffers.Binary;
using Tandem.Cluster;
using Tandem.Cluster.Protocol;
using Tandem.Heartbeat;
using Tandem.Replication.Core;
using Tandem.Resources.Groups;

namespace Tandem.Tests.Unit.Cluster;

/// <summary>Outdate requests and answers in the heartbeat's cluster payload (version 2), and hostile ones.</summary>
public class ClusterPayloadFencingTests
{
    const ulong Token = 0x0123_4567_89AB_CDEF;

    static ClusterPayload Sample() => new(7, 3, [new("mysql", GroupState.Started)], 5, 2,
    [
        new(4, PeerRequestKind.Offer, "mysql"),
        new(5, PeerRequestKind.Outdate, "r0") { Token = Token },
        new(6, PeerRequestKind.OutdateAnswer, "r1") { Token = Token + 1, Result = OutdateResult.Inconsistent },
    ]);

    // Offsets in Sample(): groups from 42: [5]"mysql"[state] 42..48; requests from 49: offer 49 (seq 8, kind 1, [5]mysql)
    // to 63; outdate at 64: seq 64..71, kind 72, name 73..75, token 76..83; answer at 84: seq 84..91, kind 92,
    // name 93..95, token 96..103, result 104.
    const int OutdateKind = 72, OutdateToken = 76, AnswerKind = 92, AnswerResult = 104;

    [Fact]
    public void Outdate_requests_and_answers_round_trip_in_version_2()
    {
        var p = Sample();
        var bytes = ClusterPayloadCodec.ToArray(p);
        Assert.Equal(ClusterPayloadCodec.Size(p), bytes.Length);
        Assert.Equal(105, bytes.Length);
        Assert.Equal(ClusterPayloadLimits.FencingVersion, bytes[4]);
        Assert.Equal((byte)PeerRequestKind.Outdate, bytes[OutdateKind]);
        Assert.Equal(Token, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(OutdateToken)));
        Assert.Equal((byte)OutdateResult.Inconsistent, bytes[AnswerResult]);
        var back = ClusterPayloadCodec.Read(bytes);
        Assert.Equal(p.Requests, back.Requests);
        Assert.Equal(OutdateResult.Inconsistent, back.Requests[2].Result);
    }

    [Fact]
    public void A_payload_without_fencing_stays_version_1_so_older_readers_still_read_it()
    {
        var p = Sample() with { Requests = [new(4, PeerRequestKind.Offer, "mysql")] };
        Assert.Equal(ClusterPayloadLimits.Version, ClusterPayloadCodec.ToArray(p)[4]);
    }

    static byte[] Patched(Action<byte[]> patch)
    {
        var bytes = ClusterPayloadCodec.ToArray(Sample());
        patch(bytes);
        return bytes;
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "fencing in version 1", "payload version 1 does not carry" },
        { "token 0", "token 0" },
        { "unknown result", "unknown result 9" },
        { "result 0", "unknown result 0" },
        { "no volume name", "empty group name" },
        { "answer cut before its result", "bytes short" },
        { "kind 7", "unknown kind 7" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_fencing_requests_are_rejected_with_a_typed_error(string what, string message)
    {
        var bytes = what switch
        {
            "fencing in version 1" => Patched(b => b[4] = 1),
            "token 0" => Patched(b => BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(OutdateToken), 0)),
            "unknown result" => Patched(b => b[AnswerResult] = 9),
            "result 0" => Patched(b => b[AnswerResult] = 0),
            "no volume name" => Patched(b => b[OutdateKind + 1] = 0),
            "answer cut before its result" => ClusterPayloadCodec.ToArray(Sample())[..AnswerResult],
            "kind 7" => Patched(b => b[AnswerKind] = 7),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        var e = Assert.Throws<ClusterPayloadException>(() => ClusterPayloadCodec.Read(bytes));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Every_truncation_and_random_corruption_is_rejected_or_bounded()
    {
        var good = ClusterPayloadCodec.ToArray(Sample());
        for (var n = 0; n < good.Length; n++)
            Assert.Throws<ClusterPayloadException>(() => ClusterPayloadCodec.Read(good.AsSpan(0, n)));
        var random = new Random(1850);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])good.Clone();
            for (var f = random.Next(1, 4); f > 0; f--)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            try
            {
                var p = ClusterPayloadCodec.Read(bytes);
                Assert.All(p.Requests.Where(r => r.IsFencing), r => Assert.NotEqual(0UL, r.Token));
                Assert.All(p.Requests.Where(r => r.Kind == PeerRequestKind.OutdateAnswer), r => Assert.True(Enum.IsDefined(r.Result)));
            }
            catch (ClusterPayloadException)
            {
            }
        }
    }

    [Fact]
    public void Writing_refuses_a_fencing_request_without_a_token_or_a_volume()
    {
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(Sample() with { Requests = [new(1, PeerRequestKind.Outdate, "r0")] }));
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(Sample() with { Requests = [new(1, PeerRequestKind.Outdate, "") { Token = 1 }] }));
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(Sample() with { Requests = [new(1, PeerRequestKind.OutdateAnswer, "r0") { Token = 1 }] }));
    }

    [Fact]
    public void The_group_peer_carries_an_outdate_request_to_the_other_node_once()
    {
        var a = new GroupPeerCore(100);
        var b = new GroupPeerCore(200);
        a.Handle(new GroupPeerInput.LocalStates(new Dictionary<string, GroupState>()));
        var bPublished = b.Handle(new GroupPeerInput.LocalStates(new Dictionary<string, GroupState>())).OfType<GroupPeerAction.Publish>().Last().Payload;
        a.Handle(new GroupPeerInput.Observed(NodeState.Up, bPublished));
        var sent = a.Handle(new GroupPeerInput.Send(PeerRequestKind.Outdate, "r0") { Token = Token });
        var payload = sent.OfType<GroupPeerAction.Publish>().Last().Payload;
        var delivered = b.Handle(new GroupPeerInput.Observed(NodeState.Up, payload)).OfType<GroupPeerAction.Deliver>().Single().Request;
        Assert.Equal(PeerRequestKind.Outdate, delivered.Kind);
        Assert.Equal("r0", delivered.Group);
        Assert.Equal(Token, delivered.Token);
        Assert.Contains("outdate volume r0", delivered.ToString());
        Assert.Empty(b.Handle(new GroupPeerInput.Observed(NodeState.Up, payload)).OfType<GroupPeerAction.Deliver>());
    }
}
