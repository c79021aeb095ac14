namespace Tandem.Metadata;

/// <summary>
/// The disks of one volume on this node, as configured: <c>disk</c> and <c>meta_disk</c>
/// ("internal" or the path of a file or block device holding external metadata).
/// </summary>
/// <param name="Resource">Volume name, used in operator messages (e.g. "r0").</param>
public sealed record MetadataTarget(string Resource, string Disk, string MetaDisk = MetadataTarget.InternalKeyword)
{
    public const string InternalKeyword = "internal";

    public bool IsInternal => string.Equals(MetaDisk, InternalKeyword, StringComparison.Ordinal);

    /// <summary>The path metadata is read from and written to.</summary>
    public string MetaPath => IsInternal ? Disk : MetaDisk;

    public MetaKind Kind => IsInternal ? MetaKind.Internal : MetaKind.External;
}

/// <summary>What create-md did.</summary>
/// <param name="Found">What the probe found on the disk(s) before writing.</param>
/// <param name="Warnings">Operator-facing warnings (e.g. how many bytes of a filesystem were overwritten under --force).</param>
public sealed record MetadataCreateResult(Superblock Superblock, IReadOnlyList<ProbeFinding> Found, IReadOnlyList<string> Warnings);
