using System.Security.Cryptography;

namespace Tandem.Lab;

/// <summary>
/// Whether the two replicas hold the same data: the first <c>size</c> bytes (the data region; internal metadata
/// lives after it) of both backing files, compared 1 MiB at a time. Where the daemons offer it, an online
/// <c>tandem volume verify</c> is the stronger check (it runs while writes go on); this one needs a quiet volume.
/// </summary>
public static class ReplicaCompare
{
    public const int Chunk = 1 << 20;

    /// <returns>The number of 1 MiB chunks that differ (0: converged).</returns>
    public static int DifferingChunks(string a, string b, long size)
    {
        using var fa = new FileStream(a, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var fb = new FileStream(b, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (fa.Length < size || fb.Length < size)
            throw new LabException($"a backing file is shorter than the volume's {size} bytes ({a}: {fa.Length}, {b}: {fb.Length})");
        var ba = new byte[Chunk];
        var bb = new byte[Chunk];
        var differ = 0;
        for (long at = 0; at < size; at += Chunk)
        {
            var n = (int)Math.Min(Chunk, size - at);
            fa.ReadExactly(ba, 0, n);
            fb.ReadExactly(bb, 0, n);
            if (!ba.AsSpan(0, n).SequenceEqual(bb.AsSpan(0, n)))
                differ++;
        }
        return differ;
    }

    /// <summary>A digest of the data region, for reports.</summary>
    public static string Digest(string path, long size)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[Chunk];
        for (long at = 0; at < size; at += Chunk)
        {
            var n = (int)Math.Min(Chunk, size - at);
            f.ReadExactly(buffer, 0, n);
            h.AppendData(buffer, 0, n);
        }
        return Convert.ToHexString(h.GetHashAndReset()).ToLowerInvariant();
    }
}
