using System.Security.Cryptography;

namespace Tandem.Replication.Core;

/// <summary>
/// Digests of a range, one per 4 KiB block (SHA-256 cut to 16 bytes), so checksum resync and verify
/// can tell which blocks of a range differ, at the bitmap's granularity (DRBD compares per block too).
/// </summary>
public static class BlockDigests
{
    public const int Block = 4096;
    public const int DigestSize = 16;

    public static byte[] Compute(ReadOnlySpan<byte> data)
    {
        int blocks = (data.Length + Block - 1) / Block;
        var result = new byte[blocks * DigestSize];
        Span<byte> full = stackalloc byte[32];
        for (int i = 0; i < blocks; i++)
        {
            var block = data.Slice(i * Block, Math.Min(Block, data.Length - i * Block));
            SHA256.HashData(block, full);
            full[..DigestSize].CopyTo(result.AsSpan(i * DigestSize));
        }
        return result;
    }

    /// <summary>Indexes of the blocks whose digests differ (a missing or short digest counts as different).</summary>
    public static IEnumerable<int> Differences(byte[] mine, byte[] theirs)
    {
        int blocks = mine.Length / DigestSize;
        for (int i = 0; i < blocks; i++)
        {
            var a = mine.AsSpan(i * DigestSize, DigestSize);
            if ((i + 1) * DigestSize > theirs.Length || !a.SequenceEqual(theirs.AsSpan(i * DigestSize, DigestSize)))
                yield return i;
        }
    }
}
