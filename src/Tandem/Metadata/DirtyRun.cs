namespace Tandem.Metadata;

/// <summary>A run of consecutive out-of-sync 4 KiB blocks, in bytes of the data region.</summary>
public readonly record struct DirtyRun(long Offset, long Length)
{
    public long End => Offset + Length;
}
