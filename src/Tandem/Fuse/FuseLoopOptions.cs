namespace Tandem.Fuse;

/// <summary>How a volume becomes a loop block device over its FUSE file. Defaults are the measured choice.</summary>
public sealed record FuseLoopOptions
{
    public static readonly FuseLoopOptions Default = new();

    /// <summary>losetup --direct-io: the loop device issues direct (asynchronous) I/O to the file instead of buffered I/O.</summary>
    public bool LoopDirectIo { get; init; } = true;

    /// <summary>Logical sector size of the loop device (512 keeps every filesystem and tool happy).</summary>
    public int SectorSize { get; init; } = 512;

    /// <summary>FOPEN_DIRECT_IO on the FUSE file: no page cache between the loop device and the target.</summary>
    public bool FuseDirectIo { get; init; } = true;

    /// <summary>Reader threads on /dev/fuse.</summary>
    public int Readers { get; init; } = 4;

    public FuseBlockFileOptions FileOptions(string name) =>
        new() { FileName = name, DirectIo = FuseDirectIo, Readers = Readers };
}
