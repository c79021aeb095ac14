namespace Tandem.Metadata;

/// <summary>
/// The backing disk and metadata device of a target, opened and locked: an OFD lock on each (another
/// tandem process gets <see cref="MetadataInUseException"/>), then an O_EXCL claim on block devices
/// (a mounted or otherwise held device is refused). Internal metadata shares one device.
/// </summary>
sealed class MetadataDisks : IDisposable
{
    MetadataDisks(MetadataTarget target, MetadataDevice backing, MetadataDevice meta)
    {
        Target = target;
        Backing = backing;
        Meta = meta;
    }

    public MetadataTarget Target { get; }
    public MetadataDevice Backing { get; }
    public MetadataDevice Meta { get; }

    /// <summary>Opens and locks; with <paramref name="createMeta"/> a missing external meta file is created (never under /dev).</summary>
    public static MetadataDisks Open(MetadataTarget target, bool createMeta)
    {
        MetadataDevice? backing = null, meta = null;
        try
        {
            backing = MetadataDevice.Open(target.Disk, writable: true);
            Lock(backing, target);
            if (target.IsInternal)
                meta = backing;
            else
            {
                bool create = createMeta && !File.Exists(target.MetaDisk) && !Path.GetFullPath(target.MetaDisk).StartsWith("/dev/", StringComparison.Ordinal);
                meta = MetadataDevice.Open(target.MetaDisk, writable: true, create);
                Lock(meta, target);
            }
            backing.ClaimBlockDevice();
            if (!ReferenceEquals(meta, backing))
                meta.ClaimBlockDevice();
            return new MetadataDisks(target, backing, meta);
        }
        catch
        {
            if (!ReferenceEquals(meta, backing))
                meta?.Dispose();
            backing?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// How long a held lock is retried before the disk is called in use. A process forked by this one
    /// (an agent, a tool) holds a copy of every open descriptor until its exec closes them, so a lock
    /// released a moment ago can still look held for that short window.
    /// </summary>
    static readonly TimeSpan LockGrace = TimeSpan.FromSeconds(1);

    static void Lock(MetadataDevice dev, MetadataTarget target)
    {
        var deadline = Environment.TickCount64 + (long)LockGrace.TotalMilliseconds;
        bool locked;
        while (!(locked = dev.TryLockExclusive()) && Environment.TickCount64 < deadline)
            Thread.Sleep(20);
        if (!locked)
            throw new MetadataInUseException(
                $"{dev.Path} is in use by another tandem process (volume {target.Resource} is up, or a create-md is running): " +
                $"run 'tandem volume down {target.Resource}' first");
    }

    public void Dispose()
    {
        if (!ReferenceEquals(Meta, Backing))
            Meta.Dispose();
        Backing.Dispose();
    }
}
