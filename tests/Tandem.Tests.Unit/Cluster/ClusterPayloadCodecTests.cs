using System.Buffers.Binary;
using Tandem.Cluster.Protocol;
using Tandem.Resources.Groups;

namespace Tandem.Tests.Unit.Cluster;

public class ClusterPayloadCodecTests
{
    static ClusterPayload Sample() => new(
        Incarnation: 1_767_225_600_123,
        Sequence: 42,
        Groups: [new("mysql", GroupState.Started), new("web-ü", GroupState.Stopping)],
        AckIncarnation: 1_767_225_500_000,
        AckSequence: 7,
        Requests: [new(8, PeerRequestKind.Offer, "mysql"), new(9, PeerRequestKind.MaintenanceOn, ""), new(12, PeerRequestKind.Release, "web-ü")]);

    static void AssertSame(ClusterPayload a, ClusterPayload b)
    {
        Assert.Equal((a.Incarnation, a.Sequence, a.AckIncarnation, a.AckSequence), (b.Incarnation, b.Sequence, b.AckIncarnation, b.AckSequence));
        Assert.Equal(a.Groups, b.Groups);
        Assert.Equal(a.Requests, b.Requests);
    }

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var p = Sample();
        var bytes = ClusterPayloadCodec.ToArray(p);
        Assert.Equal(ClusterPayloadCodec.Size(p), bytes.Length);
        AssertSame(p, ClusterPayloadCodec.Read(bytes));
    }

    [Fact]
    public void Layout_is_big_endian_with_magic_version_and_zero_reserved_bytes()
    {
        var bytes = ClusterPayloadCodec.ToArray(Sample());
        Assert.Equal("TDCP"u8.ToArray(), bytes[..4]);
        Assert.Equal(1, bytes[4]);
        Assert.Equal(new byte[3], bytes[5..8]);
        Assert.Equal(1_767_225_600_123UL, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)));
        Assert.Equal(42UL, BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(16)));
        Assert.Equal(2, bytes[40]);
        Assert.Equal(3, bytes[41]);
        Assert.Equal(5, bytes[42]); // "mysql"
    }

    [Fact]
    public void Empty_payload_round_trips_in_the_header_alone()
    {
        var p = new ClusterPayload(1, 1, [], 0, 0, []);
        var bytes = ClusterPayloadCodec.ToArray(p);
        Assert.Equal(ClusterPayloadLimits.HeaderBytes, bytes.Length);
        AssertSame(p, ClusterPayloadCodec.Read(bytes));
    }

    [Fact]
    public void The_most_groups_and_requests_round_trip_within_a_heartbeat()
    {
        var name = new string('g', 30);
        var p = new ClusterPayload(1, 1, [.. Enumerable.Range(0, ClusterPayloadLimits.MaxGroups).Select(i => new GroupReport($"{i:D2}{name}", GroupState.Failed))],
            0, 0, [.. Enumerable.Range(1, ClusterPayloadLimits.MaxRequests).Select(i => new PeerRequest((ulong)i, PeerRequestKind.Release, $"{i:D2}{name}"))]);
        var bytes = ClusterPayloadCodec.ToArray(p);
        Assert.True(bytes.Length <= ClusterPayloadLimits.MaxBytes);
        AssertSame(p, ClusterPayloadCodec.Read(bytes));
    }

    [Fact]
    public void Writing_refuses_what_breaks_a_limit()
    {
        var many = new ClusterPayload(1, 1, [.. Enumerable.Range(0, ClusterPayloadLimits.MaxGroups + 1).Select(i => new GroupReport($"g{i}", GroupState.Stopped))], 0, 0, []);
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(many));
        var longName = new ClusterPayload(1, 1, [new(new string('x', 256), GroupState.Stopped)], 0, 0, []);
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(longName));
        var tooBig = new ClusterPayload(1, 1, [.. Enumerable.Range(0, 20).Select(i => new GroupReport(new string((char)('a' + i), 250), GroupState.Stopped))], 0, 0, []);
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(tooBig));
        var unordered = new ClusterPayload(1, 1, [], 0, 0, [new(3, PeerRequestKind.Offer, "g"), new(3, PeerRequestKind.Offer, "h")]);
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(unordered));
        var namedMaintenance = new ClusterPayload(1, 1, [], 0, 0, [new(1, PeerRequestKind.MaintenanceOff, "g")]);
        Assert.Throws<ArgumentException>(() => ClusterPayloadCodec.ToArray(namedMaintenance));
    }

    [Fact]
    public void Every_truncation_is_rejected_with_a_typed_error()
    {
        var bytes = ClusterPayloadCodec.ToArray(Sample());
        for (var n = 0; n < bytes.Length; n++)
            Assert.Throws<ClusterPayloadException>(() => ClusterPayloadCodec.Read(bytes.AsSpan(0, n)));
    }

    static byte[] Patched(Action<byte[]> patch)
    {
        var bytes = ClusterPayloadCodec.ToArray(Sample());
        patch(bytes);
        return bytes;
    }

    public static TheoryData<string, string> Hostile => new()
    {
        { "magic", "magic" },
        { "version", "version 4" },
        { "reserved", "reserved" },
        { "group count", "more than 64" },
        { "request count", "more than 32" },
        { "group state", "unknown state 9" },
        { "request kind", "unknown kind 0" },
        { "name length past the end", "bytes short" },
        { "trailing", "after the last request" },
        { "duplicate group", "reported twice" },
        { "sequence not increasing", "not above" },
        { "invalid utf-8", "not valid UTF-8" },
        { "empty group name", "empty group name" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Hostile_payloads_are_rejected(string what, string message)
    {
        // Offsets in Sample(): groups from 42: [5]"mysql"[state] at 42..48, [6]"web-ü"[state] at 49..56; requests from 57
        // (sequence 8, kind 1, name), the second at 72.
        var bytes = what switch
        {
            "magic" => Patched(b => b[0] = (byte)'X'),
            "version" => Patched(b => b[4] = 4),
            "reserved" => Patched(b => b[6] = 1),
            "group count" => Patched(b => b[40] = 65),
            "request count" => Patched(b => b[41] = 33),
            "group state" => Patched(b => b[48] = 9),
            "request kind" => Patched(b => b[57 + 8] = 0),
            "name length past the end" => Patched(b => b[42] = 250),
            "trailing" => [.. ClusterPayloadCodec.ToArray(Sample()), 0],
            "duplicate group" => ClusterPayloadCodec.ToArray(Sample() with { Groups = [new("mysql", GroupState.Started), new("mysqk", GroupState.Started)] }) is var d
                ? Patch(d, b => b[42 + 7 + 5] = (byte)'l') : [],
            "sequence not increasing" => Patched(b => BinaryPrimitives.WriteUInt64BigEndian(b.AsSpan(72), 8)),
            "invalid utf-8" => Patched(b => b[43] = 0xFF),
            "empty group name" => Patched(b => { b[42] = 0; }),
            _ => throw new ArgumentOutOfRangeException(nameof(what)),
        };
        var e = Assert.Throws<ClusterPayloadException>(() => ClusterPayloadCodec.Read(bytes));
        Assert.Contains(message, e.Message);
    }

    static byte[] Patch(byte[] b, Action<byte[]> patch)
    {
        patch(b);
        return b;
    }

    [Fact]
    public void Random_corruption_never_escapes_as_anything_but_a_payload_error()
    {
        var good = ClusterPayloadCodec.ToArray(Sample());
        var random = new Random(20261124);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])good.Clone();
            var flips = random.Next(1, 4);
            for (var f = 0; f < flips; f++)
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var length = random.Next(4) == 0 ? random.Next(bytes.Length + 1) : bytes.Length;
            try
            {
                var p = ClusterPayloadCodec.Read(bytes.AsSpan(0, length));
                Assert.True(p.Groups.Count <= ClusterPayloadLimits.MaxGroups && p.Requests.Count <= ClusterPayloadLimits.MaxRequests);
            }
            catch (ClusterPayloadException)
            {
            }
        }
    }

    [Fact]
    public void Random_bytes_of_any_length_are_rejected_or_bounded()
    {
        var random = new Random(7);
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, ClusterPayloadLimits.MaxBytes + 2)];
            random.NextBytes(bytes);
            if (random.Next(2) == 0 && bytes.Length >= 5)
            {
                BinaryPrimitives.WriteUInt32BigEndian(bytes, ClusterPayloadLimits.Magic);
                bytes[4] = 1;
            }
            try
            {
                ClusterPayloadCodec.Read(bytes);
            }
            catch (ClusterPayloadException)
            {
            }
        }
    }
}
