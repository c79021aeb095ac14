namespace Tandem.Metadata;

/// <summary>Activity-log tuning (DRBD's al-extents).</summary>
/// <param name="Extents">
/// How many 4 MiB extents may be hot at once. Default 509 (≈ 2 GiB): smaller than DRBD 8.4's 1237 so
/// that a crashed Primary resyncs at most ~2 GiB, yet large enough that a database's working set rarely
/// misses; and below 885 so every transaction carries the whole active set (recovery needs one record).
/// A miss costs one synchronous 4 KiB write + fdatasync. Range 1..<see cref="AlTransactionCodec.MaxCapacity"/>.
/// </param>
public sealed record ActivityLogOptions(int Extents = ActivityLogOptions.DefaultExtents)
{
    public const int DefaultExtents = 509;

    public static ActivityLogOptions Default { get; } = new();

    public void Validate()
    {
        if (Extents < 1 || Extents > AlTransactionCodec.MaxCapacity)
            throw new ArgumentOutOfRangeException(nameof(Extents), Extents, $"al-extents must be 1..{AlTransactionCodec.MaxCapacity}");
    }
}
