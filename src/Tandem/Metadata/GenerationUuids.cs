namespace Tandem.Metadata;

/// <summary>
/// DRBD-style generation identifiers (UI_CURRENT, UI_BITMAP, UI_HISTORY_START/END): compared at
/// connect time to decide resync direction and to detect split brain. Bit 0 of DRBD's UUIDs carries
/// the "primary" flag; Tandem keeps that convention to the volume code and stores the 64 bits as is.
/// </summary>
public readonly record struct GenerationUuids(ulong Current, ulong Bitmap, ulong History0, ulong History1)
{
    /// <summary>DRBD's UUID_JUST_CREATED: the current UUID of freshly created metadata.</summary>
    public const ulong JustCreated = 4;

    public static GenerationUuids Created => new(JustCreated, 0, 0, 0);

    public override string ToString() => $"{Current:X16}:{Bitmap:X16}:{History0:X16}:{History1:X16}";
}
