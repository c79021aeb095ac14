using System.Buffers.Binary;

namespace Tandem.Metadata;

/// <summary>
/// Activity-log transaction record, one 4096-byte ring slot, little-endian (after DRBD 8.4's
/// al_transaction_on_disk: updates plus a rotating window of the whole slot table as context).
/// <code>
///    0   4  magic "TDAL"               32   2  context count (≤ 885)
///    4   2  version (1)                34   6  reserved (0)
///    6   2  update count (≤ 64)        40 512  updates: 64 × (u32 slot, u32 extent), unused zero
///    8   8  transaction number (≥ 1)  552 3540 context: 885 × u32 extent (0xFFFFFFFF = empty slot)
///   16   8  device uuid               4092  4  CRC32C of bytes 0..4091
///   24   4  capacity (active slots)
///   28   4  context start slot
/// </code>
/// A torn or damaged record is reported as <see cref="AlRecordStatus.Corrupt"/>, never thrown: replay skips it.
/// </summary>
public static class AlTransactionCodec
{
    public const int Size = MetadataFormat.BlockSize;
    public const int MaxUpdates = 64;
    public const int MaxContext = (ChecksumOffset - ContextOffset) / 4;
    public const uint EmptySlot = uint.MaxValue;

    /// <summary>Largest active set the ring can always reconstruct: (ring slots − 1, one may be torn) × context per record.</summary>
    public const int MaxCapacity = (MetadataFormat.AlRingSlots - 1) * MaxContext;

    const uint Magic = 0x4C414454; // "TDAL"
    const ushort Version = 1;
    const int UpdatesOffset = 40, ContextOffset = UpdatesOffset + MaxUpdates * 8, ChecksumOffset = Size - 4;

    public static void Write(AlTransaction tx, Span<byte> dest)
    {
        if (dest.Length < Size)
            throw new ArgumentException($"a transaction needs {Size} bytes", nameof(dest));
        if (tx.Updates.Count > MaxUpdates || tx.Context.Count > MaxContext || tx.Capacity < 1 || tx.Capacity > MaxCapacity
            || tx.ContextStart < 0 || tx.ContextStart >= tx.Capacity || tx.Context.Count > tx.Capacity || tx.Number == 0)
            throw new ArgumentException("activity-log transaction out of bounds", nameof(tx));
        var b = dest[..Size];
        b.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(b, Magic);
        BinaryPrimitives.WriteUInt16LittleEndian(b[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(b[6..], (ushort)tx.Updates.Count);
        BinaryPrimitives.WriteUInt64LittleEndian(b[8..], tx.Number);
        BinaryPrimitives.WriteUInt64LittleEndian(b[16..], tx.DeviceUuid);
        BinaryPrimitives.WriteInt32LittleEndian(b[24..], tx.Capacity);
        BinaryPrimitives.WriteInt32LittleEndian(b[28..], tx.ContextStart);
        BinaryPrimitives.WriteUInt16LittleEndian(b[32..], (ushort)tx.Context.Count);
        for (int i = 0; i < tx.Updates.Count; i++)
        {
            var (slot, extent) = tx.Updates[i];
            if ((uint)slot >= (uint)tx.Capacity)
                throw new ArgumentException($"update slot {slot} outside capacity {tx.Capacity}", nameof(tx));
            BinaryPrimitives.WriteInt32LittleEndian(b[(UpdatesOffset + i * 8)..], slot);
            BinaryPrimitives.WriteUInt32LittleEndian(b[(UpdatesOffset + i * 8 + 4)..], extent);
        }
        for (int i = 0; i < tx.Context.Count; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(b[(ContextOffset + i * 4)..], tx.Context[i]);
        BinaryPrimitives.WriteUInt32LittleEndian(b[ChecksumOffset..], Crc32C.Compute(b[..ChecksumOffset]));
    }

    public static AlRecordStatus Read(ReadOnlySpan<byte> block, out AlTransaction? tx)
    {
        tx = null;
        if (block.Length < Size)
            return AlRecordStatus.Corrupt;
        var b = block[..Size];
        if (b.IndexOfAnyExcept((byte)0) < 0)
            return AlRecordStatus.Empty;
        if (BinaryPrimitives.ReadUInt32LittleEndian(b) != Magic || BinaryPrimitives.ReadUInt16LittleEndian(b[4..]) != Version
            || BinaryPrimitives.ReadUInt32LittleEndian(b[ChecksumOffset..]) != Crc32C.Compute(b[..ChecksumOffset]))
            return AlRecordStatus.Corrupt;
        int updates = BinaryPrimitives.ReadUInt16LittleEndian(b[6..]);
        ulong number = BinaryPrimitives.ReadUInt64LittleEndian(b[8..]);
        int capacity = BinaryPrimitives.ReadInt32LittleEndian(b[24..]);
        int start = BinaryPrimitives.ReadInt32LittleEndian(b[28..]);
        int context = BinaryPrimitives.ReadUInt16LittleEndian(b[32..]);
        if (updates > MaxUpdates || context > MaxContext || number == 0 || capacity < 1 || capacity > MaxCapacity
            || start < 0 || start >= capacity || context > capacity || b[34..40].IndexOfAnyExcept((byte)0) >= 0)
            return AlRecordStatus.Corrupt;
        var ups = new (int, uint)[updates];
        for (int i = 0; i < updates; i++)
        {
            int slot = BinaryPrimitives.ReadInt32LittleEndian(b[(UpdatesOffset + i * 8)..]);
            if ((uint)slot >= (uint)capacity)
                return AlRecordStatus.Corrupt;
            ups[i] = (slot, BinaryPrimitives.ReadUInt32LittleEndian(b[(UpdatesOffset + i * 8 + 4)..]));
        }
        var ctx = new uint[context];
        for (int i = 0; i < context; i++)
            ctx[i] = BinaryPrimitives.ReadUInt32LittleEndian(b[(ContextOffset + i * 4)..]);
        tx = new AlTransaction(number, BinaryPrimitives.ReadUInt64LittleEndian(b[16..]), capacity, ups, start, ctx);
        return AlRecordStatus.Valid;
    }
}
