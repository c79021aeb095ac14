using System.Buffers.Binary;
using Tandem.Metadata;

namespace Tandem.Tests.Unit.Metadata;

public class SuperblockCodecTests
{
    static Superblock Sample() => new()
    {
        DeviceUuid = 0x1234_5678_9ABC_DEF0,
        Layout = MetadataLayout.ForInternal(10L << 30),
        LaSize = 5L << 30,
        Flags = MetadataFlags.Consistent | MetadataFlags.WasUpToDate | MetadataFlags.CrashedPrimary,
        Uuids = new GenerationUuids(0xAAAA_0000_0000_0001, 0xBBBB_0000_0000_0000, 0xCCCC, 0xDDDD),
        NodeName = "db-server-01",
        Sequence = 42,
    };

    static byte[] Encode(Superblock sb)
    {
        var b = new byte[SuperblockCodec.Size];
        SuperblockCodec.Write(sb, b);
        return b;
    }

    static void Reseal(byte[] b) => BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(4092), Crc32CReference(b.AsSpan(0, 4092)));

    /// <summary>Bitwise CRC-32C, independent of the implementation under test.</summary>
    internal static uint Crc32CReference(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte x in data)
        {
            crc ^= x;
            for (int k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }

    [Fact]
    public void Round_trip_keeps_every_field()
    {
        var sb = Sample();
        var back = SuperblockCodec.Parse(Encode(sb), MetadataSource.Buffer);
        Assert.Equal(sb, back);
        Assert.Equal(sb.Uuids, back.Uuids);
        Assert.Equal(sb.Layout, back.Layout);
    }

    [Fact]
    public void Layout_is_little_endian_with_magic_first_and_crc32c_last()
    {
        var b = Encode(Sample());
        Assert.Equal("TANDEMMD"u8.ToArray(), b[..8]);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(8)));
        Assert.Equal(4096u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(12)));
        Assert.Equal(42ul, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(16)));
        Assert.Equal(0x1234_5678_9ABC_DEF0ul, BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(24)));
        Assert.Equal((uint)(MetadataFlags.Consistent | MetadataFlags.WasUpToDate | MetadataFlags.CrashedPrimary), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(116)));
        Assert.Equal(Crc32CReference(b.AsSpan(0, 4092)), BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(4092)));
        Assert.True(b.AsSpan(220, 4092 - 220).IndexOfAnyExcept((byte)0) < 0, "reserved bytes are zero");
    }

    [Fact]
    public void Flags_keep_drbd_bit_values()
    {
        Assert.Equal(1u, (uint)MetadataFlags.Consistent);
        Assert.Equal(2u, (uint)MetadataFlags.PrimaryInd);
        Assert.Equal(4u, (uint)MetadataFlags.ConnectedInd);
        Assert.Equal(8u, (uint)MetadataFlags.FullSync);
        Assert.Equal(16u, (uint)MetadataFlags.WasUpToDate);
        Assert.Equal(32u, (uint)MetadataFlags.PeerOutdated);
        Assert.Equal(64u, (uint)MetadataFlags.CrashedPrimary);
        Assert.Equal(128u, (uint)MetadataFlags.AlClean);
        Assert.Equal(256u, (uint)MetadataFlags.AlDisabled);
        Assert.Equal(1u << 16, (uint)MetadataFlags.LostPeerAsPrimary); // Tandem's own, clear of DRBD's MDF_* range
    }

    [Fact]
    public void Lost_peer_as_primary_is_stored_in_the_flags_word_and_read_back()
    {
        var sb = Sample() with { Flags = MetadataFlags.Consistent | MetadataFlags.WasUpToDate | MetadataFlags.LostPeerAsPrimary };
        var b = Encode(sb);
        Assert.Equal(0x0001_0011u, BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(116)));
        var back = SuperblockCodec.Parse(b, MetadataSource.Buffer);
        Assert.True(back.Flags.HasFlag(MetadataFlags.LostPeerAsPrimary));
        Assert.Equal(sb, back);

        // Metadata written before the flag existed: the bit is zero, which reads as "was not Primary at the split".
        var old = Encode(Sample());
        Assert.False(SuperblockCodec.Parse(old, MetadataSource.Buffer).Flags.HasFlag(MetadataFlags.LostPeerAsPrimary));
    }

    [Fact]
    public void Every_single_bit_flip_is_refused_as_checksum_mismatch()
    {
        var good = Encode(Sample());
        var src = new MetadataSource("/dev/sdb1", 8192, "r0");
        for (int bit = 0; bit < SuperblockCodec.Size * 8; bit++)
        {
            var b = (byte[])good.Clone();
            b[bit / 8] ^= (byte)(1 << (bit % 8));
            var e = Assert.Throws<MetadataCorruptException>(() => SuperblockCodec.Parse(b, src));
            Assert.Equal(MetadataCorruption.ChecksumMismatch, e.Reason);
        }
    }

    [Fact]
    public void Checksum_message_names_offset_disk_and_the_way_out()
    {
        var b = Encode(Sample());
        b[300] ^= 0x10;
        var e = Assert.Throws<MetadataCorruptException>(() => SuperblockCodec.Parse(b, new MetadataSource("/dev/sdb1", 8192, "r0")));
        Assert.Equal("metadata checksum mismatch at offset 8192 on /dev/sdb1: refusing to attach; restore from the peer " +
                     "(tandem volume create-md r0 --force then resync) — nothing was changed", e.Message);
        Assert.Equal(8192, e.Offset);
        Assert.Equal("/dev/sdb1", e.Disk);
    }

    [Fact]
    public void Missing_magic_means_no_metadata()
    {
        var e = Assert.Throws<MetadataCorruptException>(() => SuperblockCodec.Parse(new byte[4096], new MetadataSource("/d", 0)));
        Assert.Equal(MetadataCorruption.NoMetadata, e.Reason);
        Assert.Contains("no Tandem metadata", e.Message);
        var b = Encode(Sample());
        "XFSB0000"u8.CopyTo(b);
        Reseal(b);
        Assert.Equal(MetadataCorruption.NoMetadata, Assert.Throws<MetadataCorruptException>(() => SuperblockCodec.Parse(b, MetadataSource.Buffer)).Reason);
    }

    [Fact]
    public void Unknown_version_is_refused_even_with_a_valid_checksum()
    {
        var b = Encode(Sample());
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), 2);
        Reseal(b);
        var e = Assert.Throws<MetadataCorruptException>(() => SuperblockCodec.Parse(b, MetadataSource.Buffer));
        Assert.Equal(MetadataCorruption.UnknownVersion, e.Reason);
        Assert.Contains("version 2", e.Message);
    }

    [Theory]
    [InlineData(154)]
    [InlineData(155)]
    [InlineData(220)]
    [InlineData(2000)]
    [InlineData(4091)]
    [InlineData(156 + 12)] // node name padding after "db-server-01"
    public void Non_zero_reserved_bytes_are_refused_even_with_a_valid_checksum(int offset)
    {
        var b = Encode(Sample());
        b[offset] = 0x5A;
        Reseal(b);
        var e = Assert.Throws<MetadataCorruptException>(() => SuperblockCodec.Parse(b, MetadataSource.Buffer));
        Assert.Equal(MetadataCorruption.ReservedNotZero, e.Reason);
    }

    [Theory]
    [InlineData(32, 4096)]     // data size changed: bitmap no longer covers it exactly
    [InlineData(88, 4096)]     // bitmap offset moved
    [InlineData(104, 512)]     // block size
    [InlineData(152, 7)]       // unknown meta kind
    public void Inconsistent_layout_is_refused_even_with_a_valid_checksum(int offset, int delta)
    {
        var b = Encode(Sample());
        if (offset == 152)
            b[offset] = (byte)delta;
        else
            BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(offset), BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(offset)) + delta);
        Reseal(b);
        var e = Assert.Throws<MetadataCorruptException>(() => SuperblockCodec.Parse(b, MetadataSource.Buffer));
        Assert.Equal(MetadataCorruption.LayoutInconsistent, e.Reason);
    }

    [Fact]
    public void Short_buffer_is_a_partial_block_not_an_error()
    {
        Assert.False(SuperblockCodec.TryRead(Encode(Sample()).AsSpan(0, 4095), MetadataSource.Buffer, out _));
        Assert.True(SuperblockCodec.TryRead(Encode(Sample()), MetadataSource.Buffer, out var sb));
        Assert.Equal("db-server-01", sb.NodeName);
    }

    [Fact]
    public void Node_name_longer_than_64_bytes_is_rejected_on_write()
    {
        Assert.Throws<ArgumentException>(() => Encode(Sample() with { NodeName = new string('n', 65) }));
        var sb = Sample() with { NodeName = new string('n', 64) };
        Assert.Equal(sb, SuperblockCodec.Parse(Encode(sb), MetadataSource.Buffer));
    }

    [Fact]
    public void Crc32c_matches_the_standard_check_value()
    {
        Assert.Equal(0xE3069283u, Crc32CReference("123456789"u8));
        var data = new byte[4093];
        new Random(7).NextBytes(data);
        Assert.Equal(Crc32CReference(data), Tandem.Metadata.Crc32C.Compute(data));
        Assert.Equal(0xE3069283u, Tandem.Metadata.Crc32C.Compute("123456789"u8));
    }
}
