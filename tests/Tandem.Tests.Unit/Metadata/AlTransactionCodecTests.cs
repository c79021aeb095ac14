using System.Buffers.Binary;
using Tandem.Metadata;

namespace Tandem.Tests.Unit.Metadata;

public class AlTransactionCodecTests
{
    static AlTransaction Sample() => new(77, 0xFEED, 900, [(3, 12u), (899, AlTransactionCodec.EmptySlot)], 15,
        Enumerable.Range(0, AlTransactionCodec.MaxContext).Select(i => (uint)(i * 3)).ToArray());

    [Fact]
    public void Round_trip()
    {
        var b = new byte[4096];
        AlTransactionCodec.Write(Sample(), b);
        Assert.Equal(AlRecordStatus.Valid, AlTransactionCodec.Read(b, out var tx));
        Assert.Equal(77ul, tx!.Number);
        Assert.Equal(0xFEEDul, tx.DeviceUuid);
        Assert.Equal(900, tx.Capacity);
        Assert.Equal(15, tx.ContextStart);
        Assert.Equal(Sample().Updates, tx.Updates);
        Assert.Equal(Sample().Context, tx.Context);
        Assert.Equal("TDAL"u8.ToArray(), b[..4]);
        Assert.Equal(SuperblockCodecTests.Crc32CReference(b.AsSpan(0, 4092)), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4092)));
    }

    [Fact]
    public void Zeroes_are_empty_and_any_flipped_bit_is_corrupt()
    {
        Assert.Equal(AlRecordStatus.Empty, AlTransactionCodec.Read(new byte[4096], out _));
        var good = new byte[4096];
        AlTransactionCodec.Write(Sample(), good);
        var rnd = new Random(9);
        for (int i = 0; i < 2000; i++)
        {
            var b = (byte[])good.Clone();
            int bit = rnd.Next(4096 * 8);
            b[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(AlRecordStatus.Corrupt, AlTransactionCodec.Read(b, out _));
        }
        Assert.Equal(AlRecordStatus.Corrupt, AlTransactionCodec.Read(good.AsSpan(0, 2048), out _)); // torn to half
    }

    [Fact]
    public void Hostile_counts_are_refused_before_allocating()
    {
        var b = new byte[4096];
        AlTransactionCodec.Write(Sample(), b);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), 60000); // update count
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4092), SuperblockCodecTests.Crc32CReference(b.AsSpan(0, 4092)));
        Assert.Equal(AlRecordStatus.Corrupt, AlTransactionCodec.Read(b, out _));
    }

    [Fact]
    public void Replay_applies_records_in_transaction_order_not_ring_order()
    {
        var t1 = new AlTransaction(1, 1, 2, [(0, 10u)], 0, [10u, AlTransactionCodec.EmptySlot]);
        var t2 = new AlTransaction(2, 1, 2, [(1, 20u)], 0, [10u, 20u]);
        var t3 = new AlTransaction(3, 1, 2, [(0, 30u)], 0, [30u, 20u]);
        var r = AlReplay.Run([t3, t1, t2], extentCount: 100);
        Assert.Equal(3ul, r.NewestTransaction);
        Assert.Equal([30L, 20L], r.Table);
        Assert.Equal([10L, 20L, 30L], r.Recovered);
    }
}
