using System.Buffers;
using Tandem.Config;
using Tandem.Replication.Link;
using Tandem.Replication.Protocol;

namespace Tandem.Tests.Unit.Replication.Link;

/// <summary>Two handshake machines wired through the codec, with a hook to tamper with packets in flight.</summary>
internal sealed class HandshakePair
{
    public static readonly byte[] Key = "0123456789abcdef0123456789abcdef"u8.ToArray();

    public static LinkSettings Settings(string local, string peer) => new()
    {
        Cluster = "db",
        Volume = "r0",
        LocalNode = local,
        PeerNode = peer,
        LocalAddress = "127.0.0.1:7788",
        PeerAddress = "127.0.0.1:7789",
        Protocol = ReplicationProtocol.C,
        DataSize = 1 << 30,
        Key = Key,
    };

    public static byte[] Challenge(int seed)
    {
        var c = new byte[32];
        new Random(seed).NextBytes(c);
        return c;
    }

    public HandshakePair(LinkSettings a, LinkSettings b)
    {
        A = new LinkHandshake(a, Challenge(1));
        B = new LinkHandshake(b, Challenge(2));
    }

    public HandshakePair()
        : this(Settings("alpha", "bravo"), Settings("bravo", "alpha"))
    {
    }

    public LinkHandshake A { get; }

    public LinkHandshake B { get; }

    /// <summary>Packets sent by each side, in order.</summary>
    public List<ReplicationPacket> SentByA { get; } = [];

    public List<ReplicationPacket> SentByB { get; } = [];

    /// <summary>Changes a packet on its way from A to B (or B to A); return it unchanged to pass it on.</summary>
    public Func<ReplicationPacket, ReplicationPacket> AtoB { get; set; } = p => p;

    public Func<ReplicationPacket, ReplicationPacket> BtoA { get; set; } = p => p;

    /// <summary>Starts both and delivers packets until neither has anything left to say.</summary>
    public void Run()
    {
        var toB = new Queue<ReplicationPacket>();
        var toA = new Queue<ReplicationPacket>();
        Enqueue(A.Start(), toB, SentByA);
        Enqueue(B.Start(), toA, SentByB);
        while (toA.Count + toB.Count > 0)
        {
            if (toB.Count > 0 && Live(B))
            {
                Enqueue(B.Receive(Wire(AtoB(toB.Dequeue()))), toA, SentByB);
            }
            else if (toB.Count > 0)
            {
                toB.Dequeue();
            }

            if (toA.Count > 0 && Live(A))
            {
                Enqueue(A.Receive(Wire(BtoA(toA.Dequeue()))), toB, SentByA);
            }
            else if (toA.Count > 0)
            {
                toA.Dequeue();
            }
        }
    }

    /// <summary>The decider accepts; B receives the Welcome.</summary>
    public void AcceptAtA()
    {
        HandshakeStep step = A.Accept();
        SentByA.Add(step.Send!);
        B.Receive(Wire(step.Send!));
    }

    private static bool Live(LinkHandshake h) => h.State is not (HandshakeState.Refused or HandshakeState.Established);

    private static void Enqueue(HandshakeStep step, Queue<ReplicationPacket> to, List<ReplicationPacket> log)
    {
        if (step.Send is { } p)
        {
            to.Enqueue(p);
            log.Add(p);
        }
    }

    /// <summary>Encode and decode, as a real connection would.</summary>
    public static ReplicationPacket Wire(ReplicationPacket p)
    {
        var writer = new ArrayBufferWriter<byte>();
        ReplicationCodec.Write(writer, p);
        var buffer = new ReadOnlySequence<byte>(writer.WrittenMemory);
        Assert.True(ReplicationCodec.TryRead(ref buffer, out ReplicationPacket read, ReplicationLimits.MaxHandshakePayloadLength));
        return read;
    }
}
