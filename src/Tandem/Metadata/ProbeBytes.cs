using System.Text;

namespace Tandem.Metadata;

/// <summary>Small decoding helpers shared by the probes.</summary>
static class ProbeBytes
{
    /// <summary>A NUL-padded string field; null when empty.</summary>
    public static string? CString(ReadOnlySpan<byte> field)
    {
        int end = field.IndexOf((byte)0);
        var s = Encoding.UTF8.GetString(end < 0 ? field : field[..end]).Trim();
        return s.Length == 0 ? null : s;
    }

    /// <summary>16 bytes as 8-4-4-4-12 lowercase hex (null when all zero).</summary>
    public static string? Uuid(ReadOnlySpan<byte> b)
    {
        if (b[..16].IndexOfAnyExcept((byte)0) < 0)
            return null;
        string h = Convert.ToHexStringLower(b[..16]);
        return $"{h[..8]}-{h[8..12]}-{h[12..16]}-{h[16..20]}-{h[20..]}";
    }

    public static bool Has(ReadOnlySpan<byte> buffer, int offset, ReadOnlySpan<byte> magic) =>
        offset >= 0 && offset + magic.Length <= buffer.Length && buffer.Slice(offset, magic.Length).SequenceEqual(magic);
}
