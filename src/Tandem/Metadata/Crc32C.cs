using System.Buffers.Binary;
using System.Numerics;

namespace Tandem.Metadata;

/// <summary>CRC-32C (Castagnoli, as iSCSI/ext4): init and final xor 0xFFFFFFFF, hardware accelerated via <see cref="BitOperations.Crc32C(uint, ulong)"/>.</summary>
static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFFu;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[i..]));
        for (; i < data.Length; i++)
            crc = BitOperations.Crc32C(crc, data[i]);
        return ~crc;
    }
}
