namespace Tandem.Metadata;

/// <summary>Where a metadata block was read from, for error messages that name disk, offset and resource.</summary>
public readonly record struct MetadataSource(string Disk, long Offset, string Resource = "RES")
{
    public static MetadataSource Buffer => new("<buffer>", 0);
}
