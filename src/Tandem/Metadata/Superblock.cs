namespace Tandem.Metadata;

/// <summary>
/// The metadata superblock (format version 1): one fixed 4096-byte block, stored twice. Immutable;
/// change it with <c>with</c> and <see cref="MetadataHandle.UpdateAsync"/>. The byte layout is
/// defined in <see cref="SuperblockCodec"/>.
/// </summary>
public sealed record Superblock
{
    /// <summary>Random identifier of this metadata, chosen by create-md (DRBD's device uuid).</summary>
    public required ulong DeviceUuid { get; init; }

    public required MetadataLayout Layout { get; init; }

    /// <summary>Last agreed size in bytes (DRBD's la_size): the size both nodes last agreed on; 0 after create-md.</summary>
    public long LaSize { get; init; }

    public MetadataFlags Flags { get; init; }

    public GenerationUuids Uuids { get; init; } = GenerationUuids.Created;

    /// <summary>Name of the node that last wrote this superblock (at most 64 UTF-8 bytes).</summary>
    public string NodeName { get; init; } = "";

    /// <summary>Write counter: each update goes to the copy not holding the newest, with Sequence + 1.</summary>
    public ulong Sequence { get; init; }

    public long DataSize => Layout.DataSize;

    public static Superblock CreateFresh(MetadataLayout layout, ulong deviceUuid, string nodeName) => new()
    {
        DeviceUuid = deviceUuid,
        Layout = layout,
        LaSize = 0,
        Flags = MetadataFlags.None,
        Uuids = GenerationUuids.Created,
        NodeName = nodeName,
        Sequence = 1,
    };
}
