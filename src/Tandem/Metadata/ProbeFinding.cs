namespace Tandem.Metadata;

/// <summary>What kind of existing content a probe recognised.</summary>
public enum ProbeKind
{
    Ext2,
    Ext3,
    Ext4,
    ExtJournal,
    Xfs,
    Btrfs,
    Swap,
    Lvm2PhysicalVolume,
    Luks,
    MbrPartitionTable,
    GptPartitionTable,
    TandemMetadata,
    DrbdMetadata,
}

/// <summary>
/// One thing found on a disk. <see cref="Description"/> is for operators, e.g.
/// <c>ext4 filesystem (label "data", 1.0 GiB) at offset 0</c>.
/// </summary>
/// <param name="Size">Bytes the content claims to occupy from <see cref="Offset"/> on, when known.</param>
public sealed record ProbeFinding(ProbeKind Kind, string Description, long Offset, long? Size = null, string? Label = null, string? Uuid = null)
{
    /// <summary>A filesystem, swap, LVM PV or LUKS volume: data that lives from offset 0 on.</summary>
    public bool HoldsData => Kind is not (ProbeKind.TandemMetadata or ProbeKind.DrbdMetadata or ProbeKind.MbrPartitionTable or ProbeKind.GptPartitionTable);

    /// <summary>Short name without offset, e.g. <c>ext4 filesystem (label "data")</c>.</summary>
    public string ShortName => Label is { Length: > 0 } ? $"{KindName} (label \"{Label}\")" : KindName;

    public string KindName => Kind switch
    {
        ProbeKind.Ext2 => "ext2 filesystem",
        ProbeKind.Ext3 => "ext3 filesystem",
        ProbeKind.Ext4 => "ext4 filesystem",
        ProbeKind.ExtJournal => "ext3/4 external journal",
        ProbeKind.Xfs => "XFS filesystem",
        ProbeKind.Btrfs => "btrfs filesystem",
        ProbeKind.Swap => "swap area",
        ProbeKind.Lvm2PhysicalVolume => "LVM2 physical volume",
        ProbeKind.Luks => "LUKS encrypted volume",
        ProbeKind.MbrPartitionTable => "MBR partition table",
        ProbeKind.GptPartitionTable => "GPT partition table",
        ProbeKind.TandemMetadata => "Tandem metadata",
        ProbeKind.DrbdMetadata => "DRBD metadata",
        _ => Kind.ToString(),
    };

    public override string ToString() => Description;

    /// <summary>"ext4 filesystem (label "data", 1.0 GiB) at offset 0" from its parts.</summary>
    internal static string Describe(string kindName, long offset, params string?[] details)
    {
        var parts = details.Where(d => !string.IsNullOrEmpty(d)).ToArray();
        return parts.Length == 0 ? $"{kindName} at offset {offset}" : $"{kindName} ({string.Join(", ", parts)}) at offset {offset}";
    }

    internal static string? LabelText(string? label) => string.IsNullOrEmpty(label) ? null : $"label \"{label}\"";
}

/// <summary>The result of <see cref="DiskProbe.Inspect(string)"/>.</summary>
public sealed record DiskProbeResult(string Path, long Size, bool IsBlockDevice, IReadOnlyList<ProbeFinding> Findings)
{
    public bool IsEmpty => Findings.Count == 0;

    public ProbeFinding? Find(ProbeKind kind) => Findings.FirstOrDefault(f => f.Kind == kind);
}
