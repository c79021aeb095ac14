namespace Tandem.Fuse;

/// <summary>How a volume is served as a one-file FUSE filesystem. Defaults are the measured choice.</summary>
public sealed record FuseBlockFileOptions
{
    /// <summary>Name of the single regular file in the mount (the volume name, e.g. "r0").</summary>
    public required string FileName { get; init; }

    /// <summary>
    /// Reply to OPEN with FOPEN_DIRECT_IO so the kernel's page cache of the FUSE file is bypassed:
    /// every read and write reaches the target, nothing is cached twice under a filesystem on the loop device.
    /// </summary>
    public bool DirectIo { get; init; } = true;

    /// <summary>Largest WRITE/READ payload (max_write, max_pages = MaxWrite / 4096).</summary>
    public int MaxWrite { get; init; } = 1 << 20;

    /// <summary>Threads blocked in read(2) on /dev/fuse (each on its own cloned descriptor when the kernel allows).</summary>
    public int Readers { get; init; } = 4;

    /// <summary>Requests in flight (and pinned buffers of MaxWrite + 8 KiB) at most.</summary>
    public int MaxInFlight { get; init; } = 64;

    /// <summary>fuse_init_out.max_background: asynchronous (direct I/O, readahead) requests the kernel keeps outstanding.</summary>
    public ushort MaxBackground { get; init; } = 48;

    /// <summary>Permission bits of the file (owner root).</summary>
    public uint FileMode { get; init; } = 0x180; // 0600

    /// <summary>How long the kernel may cache names and attributes (the file never changes size while mounted).</summary>
    public TimeSpan AttrValid { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan InitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait after unmounting for the kernel to end the session before aborting the connection.</summary>
    public TimeSpan EndTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Request buffer size given to read(2): max_write plus the WRITE headers, rounded up to a page.</summary>
    public int RequestCapacity => MaxWrite + 4096;

    public void Validate()
    {
        if (string.IsNullOrEmpty(FileName) || FileName.Length > 255 || FileName.Contains('/') || FileName is "." or "..")
            throw new ArgumentException($"bad FUSE file name '{FileName}'", nameof(FileName));
        if (MaxWrite < 4096 || MaxWrite % 4096 != 0 || MaxWrite > 256 * 4096)
            throw new ArgumentException("MaxWrite must be a multiple of 4096 up to 1 MiB", nameof(MaxWrite));
        if (Readers < 1 || MaxInFlight < Readers)
            throw new ArgumentException("need at least one reader and MaxInFlight >= Readers", nameof(Readers));
    }
}
