namespace Tandem.Metadata;

/// <summary>One decoded activity-log transaction record (see <see cref="AlTransactionCodec"/>).</summary>
/// <param name="Updates">Slot changes this transaction made: slot index → extent number (or <see cref="AlTransactionCodec.EmptySlot"/>).</param>
/// <param name="Context">The slot table, after the updates, for slots ContextStart, ContextStart+1, … (mod Capacity).</param>
public sealed record AlTransaction(
    ulong Number,
    ulong DeviceUuid,
    int Capacity,
    IReadOnlyList<(int Slot, uint Extent)> Updates,
    int ContextStart,
    IReadOnlyList<uint> Context);

/// <summary>What reading one ring slot found.</summary>
public enum AlRecordStatus
{
    /// <summary>A complete record with a valid checksum.</summary>
    Valid,

    /// <summary>Never written (all zero).</summary>
    Empty,

    /// <summary>Torn or damaged: ignored on replay.</summary>
    Corrupt,
}
